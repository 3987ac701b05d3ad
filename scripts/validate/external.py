#!/usr/bin/env python3
"""Measure iamx's lints against checkov and parliament (issue 3, docs/lints.md).

Every example and every lint case (tests/lints/*.iamx, both the cases that fire and the
look-alikes that must stay quiet) is compiled to json (with `--source-map`), terraform and
cloudformation. parliament (with its community auditors, every severity) reads the json
documents; checkov reads the terraform and cloudformation outputs. Each of their findings is
then matched to the emitted statement it is about, and through the source map to the `.iamx`
lines of that statement. A finding is

  covered     when iamx warns, with a lint that answers that finding, on the same statement
              (a label of the warning lies on the statement's lines), or
  documented  when it belongs to a class listed in docs/lints.md as a false positive of the tool
              (or a check outside least privilege), and the class's condition holds for it.

Anything else fails the run. Run through validate.sh (tools pinned in requirements.txt).
Usage: external.py IAMX_BINARY REPO_ROOT
"""
import fnmatch
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from validate import ACCOUNT, REGION, cfn_docs, json_files, tf_docs  # noqa: E402

# checkov and parliament live in a venv of their own (requirements-external.txt).
BIN = os.environ.get("IAMX_EXTERNAL_BIN", os.path.dirname(sys.executable))

# Which iamx lints answer each finding.
STAR_LINTS = {"wildcard_resource", "permissions_management", "credentials_exposure", "data_exfiltration",
              "pass_role_unscoped", "not_action_allow", "privilege_escalation", "wildcard_action"}
# `*` and `allow not` grant everything, so their warnings answer any finding about what is granted.
BROAD = {"wildcard_action", "not_action_allow"}
ANSWERS = {
    ("parliament", "RESOURCE_STAR"): STAR_LINTS,
    ("parliament", "CREDENTIALS_EXPOSURE"): {"credentials_exposure"} | BROAD,
    ("parliament", "PERMISSIONS_MANAGEMENT_ACTIONS"): {"permissions_management", "pass_role_unscoped", "privilege_escalation"} | BROAD,
    ("parliament", "PRIVILEGE_ESCALATION"): {"privilege_escalation"} | BROAD,
    ("parliament", "SENSITIVE_ACCESS"): {"data_exfiltration"} | BROAD,
    ("parliament", "RESOURCE_MISMATCH"): {"resource_mismatch"},
    ("parliament", "RESOURCE_POLICY_PRIVILEGE_ESCALATION"): {"permissions_management", "service_wildcard", "wildcard_action",
                                                              "privilege_escalation"},
    ("parliament", "UNKNOWN_ACTION"): set(),
    ("checkov", "CKV_AWS_1"): {"wildcard_action"},
    ("checkov", "CKV_AWS_49"): {"wildcard_action"},
    ("checkov", "CKV_AWS_62"): {"wildcard_action"},
    ("checkov", "CKV_AWS_63"): {"wildcard_action"},
    ("checkov", "CKV2_AWS_40"): {"wildcard_action", "service_wildcard"},
    ("checkov", "CKV_AWS_107"): {"credentials_exposure"} | BROAD,
    ("checkov", "CKV_AWS_287"): {"credentials_exposure"} | BROAD,
    ("checkov", "CKV_AWS_108"): {"data_exfiltration"} | BROAD,
    ("checkov", "CKV_AWS_288"): {"data_exfiltration"} | BROAD,
    ("checkov", "CKV_AWS_109"): {"permissions_management", "pass_role_unscoped"} | BROAD,
    ("checkov", "CKV_AWS_289"): {"permissions_management", "pass_role_unscoped"} | BROAD,
    ("checkov", "CKV_AWS_110"): {"privilege_escalation"} | BROAD,
    ("checkov", "CKV_AWS_286"): {"privilege_escalation"} | BROAD,
    ("checkov", "CKV_AWS_111"): {"wildcard_resource", "not_action_allow", "permissions_management"} | BROAD,
    ("checkov", "CKV_AWS_290"): {"wildcard_resource", "not_action_allow", "permissions_management"} | BROAD,
    ("checkov", "CKV_AWS_355"): STAR_LINTS,
    ("checkov", "CKV_AWS_356"): STAR_LINTS,
    # A trust of everyone (`{"AWS": "*"}`, the form IAM accepts in a trust policy).
    ("checkov", "CKV_AWS_60"): {"wildcard_principal"},
    ("checkov", "CKV_AWS_283"): {"wildcard_principal"},
    # An allow with NotResource, or on a pattern that is `*` for its actions (`trail/*`): iamx
    # reads both as every resource of the action's type.
    ("parliament", "RESOURCE_EFFECTIVELY_STAR"): STAR_LINTS,
    ("parliament", "NOTRESOURCE_WITH_ALLOW"): STAR_LINTS,
}
ANSWERS_ALL = {issue for _, issue in ANSWERS} | {"CKV2_AWS_40"}
# checkov reports a whole resource; these predicates pick the statements its check looks at.
CHECKOV_STAR_ACTION = {"CKV_AWS_1", "CKV_AWS_49", "CKV_AWS_62", "CKV_AWS_63"}


# ---- the catalog and iamx's own lists ---------------------------------------------------------

def load_catalog(root):
    """Lower-case `service:action` -> (access level letter, resource types, ARN formats), and
    the condition keys of each service."""
    actions, keys = {}, {}
    for line in open(os.path.join(root, "stdlib", "catalog", "services.jsonl")):
        svc = json.loads(line)
        formats = dict(svc["r"])
        keys[svc["p"]] = {k.lower() for k, _ in svc["k"]}
        for a in svc["a"]:
            actions[f"{svc['p']}:{a[0]}".lower()] = (a[1], a[2], [formats[t] for t in a[2] if t in formats])
    return actions, keys


def aws_managed_documents(root):
    """The AWS managed policy documents iamx embeds (stdlib/managed/, from iam-dataset): name
    and path-qualified name -> statements."""
    import zlib
    text = zlib.decompress(open(os.path.join(root, "stdlib", "managed", "aws-managed-policies.tsv.zz"), "rb").read())
    docs = {}
    for line in text.decode().splitlines():
        if not line or line.startswith("#"):
            continue
        name, path, _, _, doc = line.split("\t", 4)
        statements = as_list(json.loads(doc)["Statement"])
        docs[name] = statements
        docs[(path.lstrip("/") + name)] = statements
    return docs


def iamx_lists(root):
    """The action lists and escalation paths iamx's lints use (src/aws/lint_data/actions.rs,
    paths.rs)."""
    data = open(os.path.join(root, "src", "aws", "lint_data", "actions.rs")).read()
    paths = open(os.path.join(root, "src", "aws", "lint_data", "paths.rs")).read()

    def const(name):
        body = re.search(r"pub const " + name + r": &\[&str\] = &\[(.*?)\];", data, re.S).group(1)
        return {a.lower() for a in re.findall(r'"([^"]+)"', body)}
    return {
        "credentials": const("CREDENTIALS_EXPOSURE"),
        "data": const("DATA_EXFILTRATION"),
        "paths": [{a.lower() for a in re.findall(r'"([^"]+)"', m)}
                  for m in re.findall(r'path\(\s*"[^"]*",\s*&\[([^\]]*)\]', paths)],
    }


# ---- statements -------------------------------------------------------------------------------

def as_list(v):
    return v if isinstance(v, list) else [v]


def statement_lines(path):
    """Line ranges of the statements of a document as iamx writes it (serde_json pretty: each
    statement object opens with `    {` and closes with `    }`)."""
    ranges, start = [], None
    for n, line in enumerate(open(path), 1):
        if line.rstrip() == "    {":
            start = n
        elif line.rstrip() in ("    }", "    },") and start is not None:
            ranges.append((start, n))
            start = None
    return ranges


def grants(stmt, action):
    action = action.lower()
    if "NotAction" in stmt:
        return not any(fnmatch.fnmatchcase(action, p.lower()) for p in as_list(stmt["NotAction"]))
    return any(fnmatch.fnmatchcase(action, p.lower()) for p in as_list(stmt.get("Action", [])))


def star_resource(stmt):
    return "NotResource" in stmt or "*" in as_list(stmt.get("Resource", []))


class Doc:
    def __init__(self, source, out, rel, smap):
        self.source, self.rel = source, rel
        self.path = os.path.join(out, rel)
        self.body = json.load(open(self.path))
        self.statements = as_list(self.body["Statement"])
        self.lines = statement_lines(self.path)
        assert len(self.lines) == len(self.statements), self.path
        self.locs = smap["documents"][rel]["statements"]
        self.decl = smap["documents"][rel]["declaration"]
        self.trust = rel.endswith("/trust.json")
        self.boundary_only, self.boundary = False, None


# ---- iamx's warnings --------------------------------------------------------------------------

def iamx_warnings(iamx, root, source):
    """The warnings of `iamx check`, with `--account ID` when the source's first line says
    `// --account ID` (the lint cases linted for a build account, tests/it/lints.rs)."""
    args = [iamx, "check", source, "--error-format", "json"]
    with open(os.path.join(root, source)) as f:
        first = f.readline()
    if first.startswith("// --account "):
        args += ["--account", first.split()[2]]
    r = subprocess.run(args, capture_output=True, text=True, cwd=root)
    return [d for d in json.loads(r.stdout) if d["severity"] == "warning"]


def on_statement(diag, loc):
    """Whether a label of the warning lies on the statement's lines."""
    return any(lab["file"] == loc["file"] and lab["line"] <= loc["end_line"] and lab["end_line"] >= loc["line"]
               for lab in diag["labels"])


# ---- documented false positives (docs/lints.md, "Findings iamx does not share") ----------------
# Each class: (id, tool, issues, condition over (finding, doc, statement indexes, context)).

def cond_trust_no_resource(f, doc, idx, ctx):
    return doc.trust and "neither Resource nor NotResource" in str(f.get("detail"))


def cond_oidc_federation(f, doc, idx, ctx):
    return doc.trust and re.fullmatch(r"arn:aws[\w-]*:iam::\d{12}:oidc-provider/.+", str(f.get("detail"))) is not None


def cond_named_resources(f, doc, idx, ctx):
    """Every statement the finding is about names its resources (no `*`): the tool reads the
    actions alone."""
    return bool(idx) and all(not star_resource(doc.statements[i]) for i in idx)


def cond_conditioned(f, doc, idx, ctx):
    """Every statement the finding is about is restricted by a condition iamx accepts."""
    return bool(idx) and all("Condition" in doc.statements[i] for i in idx)


def cond_wildcard_only(f, doc, idx, ctx):
    """Every action the finding names is one AWS allows only on `*` (no resource types)."""
    acts = [a for a in f.get("_actions") or [] if any(grants(doc.statements[i], a) for i in idx)]
    return bool(acts) and all(ctx["catalog"].get(a.lower(), (None, None))[1] == [] for a in acts)


def cond_denied(f, doc, idx, ctx):
    """A deny of every action on every resource, with no condition, in the same document."""
    return any(s["Effect"] == "Deny" and "*" in as_list(s.get("Action", [])) and "*" in as_list(s.get("Resource", []))
               and "Condition" not in s for s in doc.statements)


def cond_pattern_mismatch(f, doc, idx, ctx):
    """The mismatched actions come from a pattern (`s3:*`, `s3:Get*`) covering several resource
    types, not from an action named on the wrong resource."""
    acts = [d["action"] for d in f.get("detail") or [] if isinstance(d, dict)]
    return bool(acts) and all(
        not any(a.lower() == p.lower() for i in idx for p in as_list(doc.statements[i].get("Action", [])))
        for a in acts)


def cond_user(f, doc, idx, ctx):
    return f["_resource"].split(".")[0] in ("aws_iam_user", "aws_iam_user_policy", "aws_iam_user_policy_attachment",
                                            "AWS::IAM::User", "AWS::IAM::Policy", "AWS::IAM::UserPolicy")


def cond_boundary(f, doc, idx, ctx):
    """The document is a managed policy used only as a permissions boundary: it grants nothing."""
    return doc is not None and doc.boundary_only


# What a finding is about, to check that nothing of it remains once a deny or boundary is read.
CREDENTIAL_ISSUES = {"CREDENTIALS_EXPOSURE", "CKV_AWS_107", "CKV_AWS_287"}
DATA_ISSUES = {"SENSITIVE_ACCESS", "CKV_AWS_108", "CKV_AWS_288"}
PM_ISSUES = {"PERMISSIONS_MANAGEMENT_ACTIONS", "RESOURCE_POLICY_PRIVILEGE_ESCALATION", "CKV_AWS_109", "CKV_AWS_289"}
PRIVESC_ISSUES = {"PRIVILEGE_ESCALATION", "CKV_AWS_110", "CKV_AWS_286"}
WRITE_ISSUES = {"CKV_AWS_111", "CKV_AWS_290"}
STAR_ISSUES = {"RESOURCE_STAR", "RESOURCE_EFFECTIVELY_STAR", "NOTRESOURCE_WITH_ALLOW", "CKV_AWS_355", "CKV_AWS_356"}
ADMIN_ISSUES = {"CKV_AWS_1", "CKV_AWS_49", "CKV_AWS_62", "CKV_AWS_63", "CKV2_AWS_40"}
GRANT_ISSUES = CREDENTIAL_ISSUES | DATA_ISSUES | PM_ISSUES | PRIVESC_ISSUES | WRITE_ISSUES | STAR_ISSUES | ADMIN_ISSUES


def nothing_left(f, issue, granted, left, ctx):
    """Whether none of what the finding is about remains among `left`, the actions the statement
    still grants (of `granted`, all it grants) once a deny or a boundary is read."""
    if f.get("_actions"):
        return not any(a.lower() in left for a in f["_actions"])
    cat = ctx["catalog"]
    if issue in CREDENTIAL_ISSUES:
        return not left & ctx["lists"]["credentials"]
    if issue in DATA_ISSUES:
        return not left & ctx["lists"]["data"]
    if issue in PM_ISSUES:
        return not any(cat[a][0] == "P" for a in left)
    if issue in PRIVESC_ISSUES:
        return not any(p <= left for p in ctx["lists"]["paths"])
    if issue in WRITE_ISSUES:
        return not any(cat[a][0] in "WPT" and cat[a][1] for a in left)
    if issue in STAR_ISSUES:
        return not any(cat[a][1] for a in left)
    if issue in ADMIN_ISSUES:
        # `*` (or all of IAM) no longer granted whole.
        whole = [a for a in granted if issue != "CKV2_AWS_40" or a.startswith("iam:")]
        return len([a for a in whole if a in left]) < len(whole)
    return False


def catalog_granted(stmt, ctx):
    return {a for a in ctx["catalog"] if grants(stmt, a)}


def deny_not_limits(doc):
    """The unconditioned `deny not ACTIONS on *` statements of a document."""
    return [s for s in doc.statements if s["Effect"] == "Deny" and "NotAction" in s and "Condition" not in s
            and "*" in as_list(s.get("Resource", []))]


def cond_deny_not(f, doc, idx, ctx):
    """The document denies, unconditionally and on every resource, every action but a list; what
    the statement still grants after it holds nothing the finding is about."""
    limits = deny_not_limits(doc) if doc else []
    if not limits or not idx:
        return False
    for i in idx:
        granted = catalog_granted(doc.statements[i], ctx)
        left = {a for a in granted if all(not grants(d, a) for d in limits)}
        if not nothing_left(f, f["_issue"], granted, left, ctx):
            return False
    return True


def cond_boundary_capped(f, doc, idx, ctx):
    """The document is an inline policy of a role or user whose permissions boundary (a local
    policy) lets nothing the finding is about through: the boundary must allow an action on `*`
    with no condition, and its unconditioned denies on `*` deny."""
    boundary = getattr(doc, "boundary", None) if doc else None
    if not boundary or not idx:
        return False
    allows = [s for s in boundary if s["Effect"] == "Allow" and "Condition" not in s
              and "*" in as_list(s.get("Resource", []))]
    denies = [s for s in boundary if s["Effect"] == "Deny" and "Condition" not in s
              and "*" in as_list(s.get("Resource", []))]
    for i in idx:
        granted = catalog_granted(doc.statements[i], ctx)
        left = {a for a in granted if any(grants(s, a) for s in allows) and not any(grants(d, a) for d in denies)}
        if not nothing_left(f, f["_issue"], granted, left, ctx):
            return False
    return True


def sample_arn(fmt):
    values = {"Partition": "aws", "Region": "us-east-1", "Account": "111122223333"}
    return re.sub(r"\$\{([^}]+)\}", lambda m: values.get(m.group(1), "x"), fmt)


def cond_not_resource_nothing(f, doc, idx, ctx):
    """Every statement is an allow whose `NotResource` leaves no resource of the types of the
    actions it grants (`on not *`, or `not role/*` for `iam:PutRolePolicy`): it grants nothing."""
    if not idx:
        return False
    for i in idx:
        s = doc.statements[i]
        excluded = as_list(s.get("NotResource", []))
        if not excluded:
            return False
        if "*" in excluded:
            continue
        for a in catalog_granted(s, ctx):
            fmts = ctx["catalog"][a][2]
            if not fmts or not all(any(fnmatch.fnmatchcase(sample_arn(fm), e) for e in excluded) for fm in fmts):
                return False
    return True


def cond_unknown_service(f, doc, idx, ctx):
    """parliament does not know the service; iamx's catalog (fresher) does."""
    prefixes = {a.split(":")[0] for a in ctx["catalog"]}
    named = re.findall(r"[a-z0-9-]+", str(f.get("detail")))
    return any(p in prefixes for p in named)


def cond_known_condition_key(f, doc, idx, ctx):
    """Every condition key of the statements is a global key or a key of the service of the
    actions, in iamx's catalog (fresher than parliament's copy of the reference)."""
    if not idx:
        return False
    for i in idx:
        s = doc.statements[i]
        services = {a.split(":")[0].lower() for a in as_list(s.get("Action", []))}
        for block in (s.get("Condition") or {}).values():
            for key in block:
                k = key.lower()
                base = re.sub(r"/.*", "/", k)
                known = k.startswith("aws:") or any(
                    k in ctx["keys"].get(svc, set()) or any(x.startswith(base) for x in ctx["keys"].get(svc, set()))
                    for svc in services)
                if not known:
                    return False
    return True


def cond_variable_default(f, doc, idx, ctx):
    """A resource holds a policy variable with a default (`${aws:username, 'none'}`, IAM User
    Guide, "Specifying default values"), which parliament's ARN matching does not read."""
    return bool(idx) and all(any(re.search(r"\$\{[^}]*,\s*'", r) for r in as_list(doc.statements[i].get("Resource", [])))
                             for i in idx)


def cond_aws_owned(f, doc, idx, ctx):
    """Each mismatched action has a resource that fits parliament's required format once the
    account is filled in: a resource AWS owns, whose ARN has no account
    (`arn:aws:ssm:us-east-1::document/AWS-RunShellScript`)."""
    details = [d for d in f.get("detail") or [] if isinstance(d, dict)]

    def owned(r, fmt):
        parts = r.split(":", 5)
        return len(parts) == 6 and parts[4] == "" and fnmatch.fnmatchcase(
            ":".join(parts[:4] + ["111122223333", parts[5]]), fmt)
    return bool(details) and bool(idx) and all(
        any(owned(r, d["required_format"]) for i in idx for r in as_list(doc.statements[i].get("Resource", [])))
        for d in details)


DOCUMENTED = [
    ("boundary-blind", "*", set(ANSWERS_ALL), cond_boundary),
    ("parliament-trust-resource", "parliament", {"MALFORMED"}, cond_trust_no_resource),
    ("parliament-oidc-provider", "parliament", {"UNKNOWN_FEDERATION_SOURCE"}, cond_oidc_federation),
    ("resource-blind", "*", {"CREDENTIALS_EXPOSURE", "PERMISSIONS_MANAGEMENT_ACTIONS", "PRIVILEGE_ESCALATION",
                             "SENSITIVE_ACCESS"}, cond_named_resources),
    ("condition-blind", "*", {"RESOURCE_STAR", "CREDENTIALS_EXPOSURE", "PERMISSIONS_MANAGEMENT_ACTIONS",
                              "PRIVILEGE_ESCALATION", "SENSITIVE_ACCESS", "CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_109",
                              "CKV_AWS_110", "CKV_AWS_111", "CKV_AWS_355", "CKV_AWS_356", "CKV_AWS_286", "CKV_AWS_287",
                              "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290", "CKV_AWS_60", "CKV_AWS_283"},
     cond_conditioned),
    ("wildcard-only", "*", {"CREDENTIALS_EXPOSURE", "RESOURCE_STAR", "CKV_AWS_107", "CKV_AWS_287"}, cond_wildcard_only),
    ("deny-blind", "checkov", {"CKV_AWS_1", "CKV_AWS_49", "CKV_AWS_62", "CKV_AWS_63", "CKV2_AWS_40"}, cond_denied),
    ("parliament-pattern-mismatch", "parliament", {"RESOURCE_MISMATCH"}, cond_pattern_mismatch),
    ("iam-user-design", "checkov", {"CKV_AWS_40", "CKV_AWS_273"}, cond_user),
    ("deny-not-blind", "*", GRANT_ISSUES, cond_deny_not),
    ("boundary-capped", "*", GRANT_ISSUES, cond_boundary_capped),
    ("not-resource-nothing", "*", GRANT_ISSUES, cond_not_resource_nothing),
    ("parliament-unknown-service", "parliament", {"UNKNOWN_PREFIX"}, cond_unknown_service),
    ("parliament-stale-condition-keys", "parliament", {"UNKNOWN_CONDITION_FOR_ACTION"}, cond_known_condition_key),
    ("parliament-variable-default", "parliament", {"RESOURCE_MISMATCH"}, cond_variable_default),
    ("parliament-aws-owned-arn", "parliament", {"RESOURCE_MISMATCH"}, cond_aws_owned),
]


# ---- running the tools ------------------------------------------------------------------------

def build(iamx, root, src, target, out):
    args = [iamx, "build", src, "--target", target, "--out", out, "--color", "never"]
    if target == "json":
        args += ["--account", ACCOUNT, "--region", REGION, "--source-map"]
    r = subprocess.run(args, capture_output=True, text=True, cwd=root)
    if r.returncode != 0:
        raise RuntimeError(f"{src}: build --target {target}: {r.stderr}")


def parliament(files):
    r = subprocess.run([os.path.join(BIN, "parliament"), "--json", "--include-community-auditors", "--minimum_severity",
                        "INFO", "--files", ",".join(files)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"parliament failed: {r.stderr}")
    return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


def targets_other_cloud(src):
    """Whether a module starts with `target gcp` or `target azure` (comments and blank lines
    before it aside)."""
    for line in open(src):
        line = line.strip()
        if line and not line.startswith("//"):
            return line.split() in (["target", "gcp"], ["target", "azure"])
    return False


def checkov(work):
    r = subprocess.run([os.path.join(BIN, "checkov"), "-d", work, "--framework", "terraform", "cloudformation",
                        "--compact", "--quiet", "--skip-download", "-o", "json"], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"checkov failed: {r.stderr}")
    reports = json.loads(r.stdout)
    return reports if isinstance(reports, list) else [reports]


def main():
    iamx, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    lints_md = open(os.path.join(root, "docs", "lints.md")).read()
    catalog, keys = load_catalog(root)
    ctx = {"catalog": catalog, "keys": keys, "lists": iamx_lists(root)}
    managed_docs = aws_managed_documents(root)
    sources = sorted(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "examples", "**", "*.iamx"), recursive=True))
    sources += sorted(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "tests", "lints", "*.iamx")))
    # Google Cloud and Azure modules: validate.py checks their terraform against the provider
    # schema; matching checkov's GCP/Azure checks to iamx's lints is not done yet (docs/clouds.md).
    sources = [s for s in sources if not targets_other_cloud(os.path.join(root, s))]
    work = tempfile.mkdtemp(prefix="iamx-external-")
    docs = {}          # absolute json path -> Doc
    keyed = {}         # (case dir, key) -> Doc
    tf_index, cfn_index = {}, {}
    warnings = {}
    for src in sources:
        case = src[:-5].replace(os.sep, "__")
        outs = {t: os.path.join(work, case, t) for t in ("json", "terraform", "cloudformation")}
        for t, out in outs.items():
            build(iamx, root, src, t, out)
        warnings[src] = iamx_warnings(iamx, root, src)
        smap = json.load(open(os.path.join(outs["json"], "source-map.json")))
        manifest = json.load(open(os.path.join(outs["json"], "manifest.json")))
        files = json_files(manifest)
        principals = manifest["roles"] + manifest["users"] + manifest["groups"]
        bounds = {(e.get("boundary") or {}).get("policy") for e in principals}
        attached = {a.get("policy") for e in principals for a in e.get("attachments") or []}
        policy_files = {p["id"]: p["file"] for p in manifest["policies"]}
        for key, rel in files.items():
            d = Doc(src, outs["json"], rel, smap)
            # Used only as a boundary here, or declared `@boundary` (meant only as one).
            d.boundary_only = key[0] == "policy" and any(
                p["name"] == key[1] and (p["id"] in bounds - attached or p.get("boundary_only"))
                for p in manifest["policies"])
            # The statements of the local permissions boundary of the role or user owning an
            # inline policy.
            owner = next((e for e in manifest[key[0] + "s"] if e["name"] == key[1]), None) \
                if key[0] in ("role", "user") and key[2] != "trust" else None
            bound = (owner or {}).get("boundary") or {}
            if bound.get("policy") in policy_files:
                d.boundary = as_list(json.load(open(os.path.join(outs["json"], policy_files[bound["policy"]])))["Statement"])
            elif ":iam::aws:policy/" in bound.get("arn", ""):
                # An AWS managed boundary, read from the documents iamx embeds, as iamx reads it.
                d.boundary = managed_docs.get(bound["arn"].split(":iam::aws:policy/", 1)[1])
            docs[os.path.realpath(d.path)] = d
            keyed[(case, key)] = d
        idx = {}
        tf_docs(outs["terraform"], manifest, idx)
        tf_index.update({(case, k): v for k, v in idx.items()})
        idx = {}
        cfn_docs(outs["cloudformation"], manifest, idx)
        cfn_index.update({(case, k): v for k, v in idx.items()})

    findings = []
    for f in parliament(sorted(docs)):
        loc = f.get("location", {})
        doc = docs[os.path.realpath(loc["filepath"])]
        if "line" in loc:
            idx = [i for i, (a, b) in enumerate(doc.lines) if a <= loc["line"] <= b]
        elif loc.get("actions"):
            f["_actions"] = loc["actions"]
            idx = [i for i, s in enumerate(doc.statements) if s["Effect"] == "Allow" and any(grants(s, a) for a in loc["actions"])]
        else:
            m = re.search(r"does allow (\S+)", str(f.get("detail")))
            idx = [i for i, s in enumerate(doc.statements) if s["Effect"] == "Allow" and m and grants(s, m.group(1))]
        if f["issue"] == "RESOURCE_STAR" and isinstance(f.get("detail"), list):
            f["_actions"] = f["detail"]
        findings.append(("parliament", f["issue"], f, [(doc, idx or list(range(len(doc.statements))))]))
    for report in checkov(work):
        index = tf_index if report.get("check_type") == "terraform" else cfn_index
        for c in report["results"]["failed_checks"]:
            case = c["file_path"].strip("/").split("/")[0]
            c["_resource"] = c["resource"]
            keys = index.get((case, c["resource"]), [])
            targets = []
            for key in keys:
                doc = keyed[(case, key)]
                if doc.trust and c["check_id"] in GRANT_ISSUES:
                    # A role resource holds its trust policy too; these checks read its grants.
                    continue
                if c["check_id"] in CHECKOV_STAR_ACTION or c["check_id"] == "CKV2_AWS_40":
                    pick = [i for i, s in enumerate(doc.statements) if s["Effect"] == "Allow" and any(
                        a in ("*", "iam:*") for a in as_list(s.get("Action", [])))]
                else:
                    allows = [i for i, s in enumerate(doc.statements) if s["Effect"] == "Allow"]
                    pick = [i for i in allows if star_resource(doc.statements[i])] or allows
                if pick:
                    targets.append((doc, pick))
            findings.append(("checkov", c["check_id"], c, targets))

    failed, tally = 0, Counter()
    for tool, issue, f, targets in findings:
        f["_issue"] = issue
        where = ", ".join(f"{d.rel} ({d.source})" for d, _ in targets) or f.get("_resource", "?")
        answers = ANSWERS.get((tool, issue), set())
        hit = None
        for doc, idx in targets:
            for i in idx:
                for w in warnings[doc.source]:
                    if w["code"] in answers and on_statement(w, doc.locs[i]):
                        hit = f"iamx `{w['code']}` at {w['file']}:{w['line']}"
                        break
                if hit:
                    break
            if hit:
                break
        if not hit:
            # Every statement the finding is about must be explained by some documented class.
            classes = [(cid, cond) for cid, t, issues, cond in DOCUMENTED if t in (tool, "*") and issue in issues]
            used = []
            parts = [(d, [i]) for d, idx in targets for i in idx] or [(None, [])]
            for d, i in parts:
                cid = next((cid for cid, cond in classes if cond(f, d, i, ctx)), None)
                if cid is None:
                    used = []
                    break
                if cid not in used:
                    used.append(cid)
            for cid in used:
                if f"`{cid}`" not in lints_md:
                    print(f"FAIL documented class `{cid}` is missing from docs/lints.md")
                    failed += 1
            if used:
                hit = "documented: " + " + ".join(f"`{c}`" for c in used)
        status = "covered" if hit and hit.startswith("iamx") else "documented" if hit else "UNEXPLAINED"
        tally[(tool, status)] += 1
        print(f"{status:11} {tool} {issue}: {where} -> {hit or 'no iamx warning on this statement and no documented class'}")
        if not hit:
            failed += 1
    print("external: " + ", ".join(f"{tool} {status} {n}" for (tool, status), n in sorted(tally.items())))
    # A tool that finds nothing, or a matcher that covers nothing, is broken, not clean.
    for tool in ("parliament", "checkov"):
        if not tally[(tool, "covered")]:
            print(f"FAIL no {tool} finding matched an iamx warning: the run or the matching is broken")
            failed += 1
    print(f"external: {len(sources)} sources, {len(docs)} json documents, {len(findings)} findings, {failed} unexplained")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
