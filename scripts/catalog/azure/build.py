#!/usr/bin/env python3
"""Generate the Azure RBAC catalog that iamx embeds (stdlib/catalog/azure/): built-in roles and
provider operations with their plane (action or data action).

Usage:
    git clone https://github.com/iann0036/iam-dataset.git /tmp/iam-dataset
    git clone https://github.com/awsles/AzureServices.git /tmp/AzureServices
    python3 scripts/catalog/azure/build.py --iam-dataset /tmp/iam-dataset \\
        --azure-services /tmp/AzureServices

Both paths are local clones (a work tree or a bare/mirror git directory). Files are read at the
pinned commits below with `git cat-file`, whatever is checked out, so a clone only has to contain
the commits (a full clone does). Only the Python standard library and git are needed; the output
is deterministic for given commits.

Inputs:
  iam-dataset (MIT, Ian Mckay)
    azure/built-in-roles-raw.json at ROLES_COMMIT   `az role definition list` of the built-in roles
    azure/map.json at MAP_COMMIT                    ARM REST method + path -> operation name, with
                                                    `isDataAction` on data-plane entries
  AzureServices (MIT, Lester W)
    azureserviceactions.csv at AZURE_SERVICES_COMMIT  `az provider operation list` flattened, with
                                                      IsDataAction
  and every concrete operation name the built-in roles use (as an action or a data action), which
  both lists miss for newer services: Microsoft's own roles name them, so they are known.

Operation names are case-insensitive in Azure: the union is taken case-insensitively and each
name keeps its most frequent spelling across the sources. An operation can be both an action and
a data action (`Microsoft.KeyVault/vaults/keys/read`): the catalog keeps both flags.

Outputs:
  stdlib/catalog/azure/azure-catalog.txt.zz  zlib (level 9) of the text below; read by
                                             src/azure/catalog.rs
  stdlib/catalog/azure/SOURCES.md            origin, commits, counts, licences
  tests/clouds/azure-roles.tsv               per role: id, name, number of patterns, number of
                                             wildcard patterns that match no operation of their
                                             plane, and an FNV-1a digest of the role; tests/it/clouds.rs
                                             recomputes them through the loader

Text format (UTF-8, `\\n` line ends):
  # comment lines (sources, commits)
  = operations N    then N lines sorted by the ASCII-lower-cased name, front-coded:
                    `SHARED SUFFIX FLAGS` (SHARED leading bytes of the previous name); FLAGS
                    letters: `a` an action (control plane), `d` a data action; then where it was
                    found: `m` map.json, `s` AzureServices, `b` a built-in role
  = roles N         then one line per role, sorted by name: ID TAB NAME TAB DESCRIPTION, then for
                    each permission block six more tab-separated fields: ACTIONS, NOT_ACTIONS,
                    DATA_ACTIONS, NOT_DATA_ACTIONS (space-separated patterns in the source's order;
                    a pattern spelled exactly as an operation of the list above is written as that
                    operation's index, any other as it is), CONDITION_VERSION, CONDITION; name,
                    description and condition escape `\\`, tab, newline, CR
"""

import argparse
import csv
import io
import json
import os
import re
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from cloudsrc import GitSource, escape, fnv64, front_code, write  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "stdlib", "catalog", "azure", "azure-catalog.txt.zz")
SOURCES = os.path.join(ROOT, "stdlib", "catalog", "azure", "SOURCES.md")
DIGEST = os.path.join(ROOT, "tests", "clouds", "azure-roles.tsv")
# 2026-08-22 "Update SAR data".
ROLES_COMMIT = "2073fa52ac008a45477aa0b1b4580cd99135bf60"
# 2026-06-14: the newest commit whose azure/map.json the snapshot the notes measured holds.
MAP_COMMIT = "ea9a1ad807920a889c98f69c6d7d0ca6aa434366"
# 2023-08-12 "updates": the newest azureserviceactions.csv in the repository's history.
AZURE_SERVICES_COMMIT = "1134e4aae2a4c51f9fc281fcfa0abea8e530a36d"
KINDS = ("actions", "notActions", "dataActions", "notDataActions")
DATA_KINDS = ("dataActions", "notDataActions")
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A provider namespace, then `/`-separated non-empty segments without blanks or `*`.
OPERATION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*(/[^\s/*]+)+")


class Operations:
    """The union of operation names, case-insensitively, with planes, sources and spellings."""

    def __init__(self):
        self.flags = {}  # lower name -> set of flag letters
        self.spellings = {}  # lower name -> {spelling: count}
        self.rejected = []

    def add(self, name, data, source):
        if not OPERATION.fullmatch(name) or not name.isascii():
            if (name, source) not in self.rejected:
                self.rejected.append((name, source))
            return
        key = name.lower()
        self.flags.setdefault(key, set()).update(("d" if data else "a", source))
        spell = self.spellings.setdefault(key, {})
        spell[name] = spell.get(name, 0) + 1

    def canonical(self, key):
        # The most frequent spelling; ties go to the byte-wise smallest (capitals first).
        return min(self.spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]

    def sorted_keys(self):
        return sorted(self.flags)


def load_map(src, ops):
    data = json.loads(src.read("azure/map.json"))
    for method in sorted(data):
        for path in sorted(data[method]):
            for op, info in sorted(data[method][path].items()):
                ops.add(op, bool(info.get("isDataAction")), "m")


def load_azure_services(src, ops):
    text = src.read("azureserviceactions.csv").decode("utf-8-sig")
    lines = text.splitlines()
    if lines and lines[0].startswith("#TYPE"):
        lines = lines[1:]
    rows = 0
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        ops.add(row["Operation"].strip(), row["IsDataAction"] == "True", "s")
        rows += 1
    return rows


def load_roles(src):
    roles, trimmed = [], []
    for r in json.loads(src.read("azure/built-in-roles-raw.json")):
        if not GUID.fullmatch(r["name"]) or r.get("roleType") != "BuiltInRole":
            sys.exit(f"unexpected role {r.get('roleName')!r}: {r['name']!r} {r.get('roleType')!r}")
        blocks = []
        for p in r["permissions"]:
            block = {}
            for kind in KINDS:
                pats = []
                for a in p.get(kind) or []:
                    if a != a.strip():
                        trimmed.append((r["roleName"], a))
                    pats.append(a.strip())
                block[kind] = pats
            block["condition"] = p.get("condition") or ""
            block["conditionVersion"] = p.get("conditionVersion") or ""
            blocks.append(block)
        roles.append({"id": r["name"], "name": r["roleName"], "description": r["description"], "blocks": blocks})
    roles.sort(key=lambda r: r["name"])
    names = [r["name"].lower() for r in roles]
    if len(set(names)) != len(names) or len({r["id"] for r in roles}) != len(roles):
        sys.exit("two built-in roles share a name or an id")
    return roles, trimmed


def wildcard(pattern):
    return re.compile(".*".join(re.escape(p) for p in pattern.split("*")), re.IGNORECASE)


def check_roles(roles, ops, listed):
    """Count role entries naming operations missing from the lists, and wildcard patterns that
    match no operation of their plane (per role, for the digest)."""
    by_plane = {
        plane: "\n".join(k for k, f in ops.flags.items() if plane in f) for plane in ("a", "d")
    }
    missing_entries, missing_names, unmatched, distinct = 0, set(), {}, set()
    for r in roles:
        n = 0
        for b in r["blocks"]:
            for kind in KINDS:
                plane = "d" if kind in DATA_KINDS else "a"
                for pat in b[kind]:
                    if "*" not in pat:
                        if pat.lower() not in listed:
                            missing_entries += 1
                            missing_names.add(pat.lower())
                        continue
                    rx = wildcard(pat)
                    if not any(rx.fullmatch(k) for k in by_plane[plane].split("\n")):
                        n += 1
                        distinct.add((pat.lower(), plane))
        unmatched[r["id"]] = n
    return missing_entries, missing_names, unmatched, len(distinct)


def render(args, ops, roles):
    keys = ops.sorted_keys()
    names = [ops.canonical(k) for k in keys]
    index = {n: i for i, n in enumerate(names)}
    lines = [
        "# iamx azure catalog 1",
        f"# iann0036/iam-dataset {args.roles_commit} azure/built-in-roles-raw.json, {args.map_commit} azure/map.json (MIT)",
        f"# awsles/AzureServices {args.azure_services_commit} azureserviceactions.csv (MIT)",
        f"= operations {len(keys)}",
    ]
    for k, coded in zip(keys, front_code(names)):
        flags = "".join(f for f in "adm" + "sb" if f in ops.flags[k])
        lines.append(f"{coded} {flags}")
    lines.append(f"= roles {len(roles)}")
    for r in roles:
        fields = [r["id"], escape(r["name"]), escape(r["description"])]
        for b in r["blocks"]:
            for kind in KINDS:
                # An operation spelled as the catalog spells it is written as its index.
                toks = [str(index[p]) if p in index else p for p in b[kind]]
                if any(" " in t or "\t" in t for t in toks):
                    sys.exit(f"{r['name']}: a pattern holds a blank")
                fields.append(" ".join(toks))
            fields += [escape(b["conditionVersion"]), escape(b["condition"])]
        lines.append("\t".join(fields))
    return ("\n".join(lines) + "\n").encode("utf-8")


def digest(roles, checked, malformed):
    missing_entries, missing_names, unmatched, _ = checked
    out = [
        f"#! not-in-lists-entries={missing_entries} not-in-lists-names={len(missing_names)} "
        f"unmatched-wildcards={sum(unmatched.values())} malformed={' '.join(sorted(malformed))}",
        "# id\tname\tpatterns\twildcards matching no operation\t"
        "fnv1a64(description, then per block: the four lists (patterns joined by \\n), condition version, condition; fields separated by \\0)"
    ]
    for r in roles:
        parts = [r["description"]]
        for b in r["blocks"]:
            parts += ["\n".join(b[k]) for k in KINDS] + [b["conditionVersion"], b["condition"]]
        count = sum(len(b[k]) for b in r["blocks"] for k in KINDS)
        out.append(f"{r['id']}\t{r['name']}\t{count}\t{unmatched[r['id']]}\t{fnv64(chr(0).join(parts))}")
    return ("\n".join(out) + "\n").encode("utf-8")


def sources_md(a, srcs, s):
    iam, mp, svc = srcs
    out = [
        "# Where the Azure RBAC catalog comes from",
        "",
        "`azure-catalog.txt.zz` is generated by `scripts/catalog/azure/build.py` (re-run it to",
        "refresh; the header of the script says how to get the sources and pins their commits) and",
        "embedded in the binary by `src/azure/catalog.rs`, which inflates it the first time an Azure",
        "fact is asked for (never for an AWS or Google Cloud module).",
        "",
        "| source | file | commit | licence |",
        "|---|---|---|---|",
        f"| iam-dataset by Ian Mckay (https://github.com/iann0036/iam-dataset) | `azure/built-in-roles-raw.json` (`az role definition list`) | `{iam.commit}` ({iam.date}) | MIT (Copyright (c) 2021 Ian Mckay) |",
        f"| the same | `azure/map.json` (ARM REST method + path → operation, `isDataAction`) | `{mp.commit}` ({mp.date}) | MIT |",
        f"| AzureServices by Lester W (https://github.com/awsles/AzureServices) | `azureserviceactions.csv` (`az provider operation list`, `IsDataAction`) | `{svc.commit}` ({svc.date}) | MIT (Copyright (c) 2019 Lester W) |",
        "",
        "iam-dataset's NOTICE also lists parliament (BSD-3-Clause, Copyright 2019 Duo Security) and",
        "primeharbor/sensitive_iam_actions (CC0 1.0); neither contributes Azure data. The facts are",
        "Microsoft's: the role definitions and the operations are what Azure Resource Manager returns.",
        "",
        "| | |",
        "|---|---|",
        f"| built-in roles | {s['roles']:,}, {s['blocks']:,} permission blocks ({s['multi']} roles with several; {s['conditions']} blocks with a condition); all assignable at `/` |",
        f"| entries in them | {s['actions']:,} actions ({s['wild_actions']:,} with `*`), {s['data_actions']:,} data actions ({s['wild_data']:,} with `*`), {s['not_actions']} not-actions, {s['not_data']} not-data-actions |",
        f"| operations | {s['ops']:,} (case-insensitive): {s['ops_m']:,} from map.json, {s['ops_s']:,} from AzureServices ({s['rows']:,} rows), {s['ops_only_b']:,} only from the built-in roles |",
        f"| planes | {s['ops_a']:,} actions, {s['ops_d']:,} data actions ({s['ops_ad']} are both) |",
        f"| providers | {s['providers']:,} namespaces (`Microsoft.Storage`, ...) |",
        f"| size | {s['raw']:,} bytes of text, {s['packed']:,} bytes compressed (zlib level 9) |",
        "",
        "The two operation lists are older than the roles (map.json is control-plane REST paths,",
        "AzureServices' last full dump is from 2023), so the built-in roles name operations neither",
        f"list has: **{s['missing_entries']:,} role entries name {s['missing_names']:,} concrete operations**",
        "that are in neither list (newer services and operations). They are Microsoft's own role",
        "definitions, so these names are added to the catalog as known operations (flag `b`), with",
        "the plane they are used in. With them, every concrete name of every built-in role is known",
        "(but for the malformed names listed at the end).",
        "",
        f"Wildcard entries of the built-in roles that match no operation of their plane: {s['unmatched']}",
        f"({s['unmatched_distinct']} distinct patterns, of {s['wild_actions'] + s['wild_data'] + s['wild_not']:,} wildcard entries), such as",
        "`Oracle.Database/oracleSubscriptions/*/read`: they name providers or resource types the",
        "lists do not cover. They are kept as written.",
        "",
        "Gaps: no list is complete or current for data actions (the freshest flag is AzureServices'",
        "2023 dump, plus map.json's and the built-in roles' use); an operation newer than these",
        "sources and unused by any built-in role is unknown to iamx.",
        "",
    ]
    if s["trimmed"] or s["rejected"]:
        out += ["Source quirks:", ""]
        out += [f"- built-in role `{r}` names `{p.strip()}` with surrounding blanks: trimmed" for r, p in s["trimmed"]]
        where = {"m": "map.json", "s": "AzureServices", "b": "a built-in role"}
        out += [f"- `{n}` in {where[src]}: not an operation name, skipped" for n, src in s["rejected"]]
        out.append("")
    return "\n".join(out)


def stats(ops, roles, rows, raw, packed, checked, trimmed):
    missing_entries, missing_names, unmatched, distinct = checked
    pats = lambda kinds, wild=None: sum(  # noqa: E731
        1
        for r in roles
        for b in r["blocks"]
        for k in kinds
        for p in b[k]
        if wild is None or ("*" in p) == wild
    )
    flags = ops.flags.values()
    return {
        "roles": len(roles),
        "blocks": sum(len(r["blocks"]) for r in roles),
        "multi": sum(1 for r in roles if len(r["blocks"]) > 1),
        "conditions": sum(1 for r in roles for b in r["blocks"] if b["condition"]),
        "actions": pats(["actions"]),
        "wild_actions": pats(["actions"], True),
        "data_actions": pats(["dataActions"]),
        "wild_data": pats(["dataActions"], True),
        "wild_not": pats(["notActions", "notDataActions"], True),
        "not_actions": pats(["notActions"]),
        "not_data": pats(["notDataActions"]),
        "ops": len(ops.flags),
        "ops_m": sum(1 for f in flags if "m" in f),
        "ops_s": sum(1 for f in flags if "s" in f),
        "ops_only_b": sum(1 for f in flags if "m" not in f and "s" not in f),
        "ops_a": sum(1 for f in flags if "a" in f),
        "ops_d": sum(1 for f in flags if "d" in f),
        "ops_ad": sum(1 for f in flags if "a" in f and "d" in f),
        "providers": len({k.split("/")[0] for k in ops.flags}),
        "rows": rows,
        "raw": raw,
        "packed": packed,
        "missing_entries": missing_entries,
        "missing_names": len(missing_names),
        "unmatched": sum(unmatched.values()),
        "unmatched_distinct": distinct,
        "trimmed": trimmed,
        "rejected": ops.rejected,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iam-dataset", required=True, help="a local clone of iann0036/iam-dataset")
    ap.add_argument("--azure-services", required=True, help="a local clone of awsles/AzureServices")
    ap.add_argument("--roles-commit", default=ROLES_COMMIT)
    ap.add_argument("--map-commit", default=MAP_COMMIT)
    ap.add_argument("--azure-services-commit", default=AZURE_SERVICES_COMMIT)
    args = ap.parse_args()
    iam = GitSource(args.iam_dataset, args.roles_commit)
    mp = GitSource(args.iam_dataset, args.map_commit)
    svc = GitSource(args.azure_services, args.azure_services_commit)
    ops = Operations()
    load_map(mp, ops)
    rows = load_azure_services(svc, ops)
    listed = set(ops.flags)
    roles, trimmed = load_roles(iam)
    for r in roles:
        for b in r["blocks"]:
            for kind in KINDS:
                for p in b[kind]:
                    if "*" not in p:
                        ops.add(p, kind in DATA_KINDS, "b")
    checked = check_roles(roles, ops, listed)
    raw = render(args, ops, roles)
    packed = zlib.compress(raw, 9)
    s = stats(ops, roles, rows, len(raw), len(packed), checked, trimmed)
    write(OUT, packed)
    malformed = {n for n, src in ops.rejected if src == "b"}
    write(DIGEST, digest(roles, checked, malformed))
    write(SOURCES, sources_md(args, (iam, mp, svc), s).encode("utf-8"))
    print(
        f"{s['roles']} roles, {s['ops']} operations, {s['missing_entries']} role entries name "
        f"{s['missing_names']} operations in neither list, {s['unmatched']} wildcards match nothing; "
        f"{s['raw']:,} bytes, {s['packed']:,} compressed"
    )


if __name__ == "__main__":
    main()
