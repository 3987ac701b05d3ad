#!/usr/bin/env python3
"""Generate the Google Cloud IAM catalog that iamx embeds (stdlib/catalog/gcp/) from iam-dataset.

Usage:
    git clone https://github.com/iann0036/iam-dataset.git /tmp/iam-dataset
    python3 scripts/catalog/gcp/build.py --iam-dataset /tmp/iam-dataset [--commit SHA]

--iam-dataset is a local clone of github.com/iann0036/iam-dataset (MIT, Ian Mckay): a work tree or
a bare/mirror git directory. Files are read at the pinned commit with `git cat-file`, whatever is
checked out, so the clone only has to contain the commit (a full clone does). Only the Python
standard library and git are needed; the output is deterministic for a given commit.

Inputs (at COMMIT):
  gcp/roles/*.json          one `gcloud iam roles describe` per predefined role: name, title,
                            description, stage, includedPermissions
  gcp/tags.json             risk tags per permission: PrivEsc, CredentialExposure, DataAccess
  gcp/service_mapping.json  permission prefix -> API name exceptions (`resourcemanager` ->
                            `cloudresourcemanager`), for deny-policy permission names

Outputs:
  stdlib/catalog/gcp/gcp-catalog.txt.zz   zlib (level 9) of the text below; read by src/gcp/catalog.rs
  stdlib/catalog/gcp/SOURCES.md           origin, commit, counts, licence
  tests/clouds/gcp-roles.tsv              per role: name, stage, permission count and an FNV-1a
                                          digest of title, description and permissions, which
                                          tests/it/clouds.rs recomputes through the loader

Text format (UTF-8, `\\n` line ends):
  # comment lines (source, commit)
  = permissions N           then N lines, sorted by byte order, front-coded: `SHARED SUFFIX[ TAGS]`
                            (SHARED leading bytes of the previous name, then the rest); TAGS is a
                            run of letters: P PrivEsc, C CredentialExposure, D DataAccess
  = services N              then N lines `PERMISSION_PREFIX API` (the deny-policy name of
                            `PREFIX.rest` is `API.googleapis.com/rest`; other prefixes are their
                            own API)
  = roles N                 then N lines sorted by name: NAME TAB STAGE TAB TITLE TAB DESCRIPTION
                            TAB PERMISSIONS; title and description escape `\\`, tab, newline, CR;
                            PERMISSIONS lists the role's permission indices in increasing order as
                            space-separated tokens `GAP` or `GAP+RUN`: GAP is the index minus the
                            previous one minus 1 (the first: the index itself), and RUN more
                            indices follow consecutively
"""

import argparse
import json
import os
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from cloudsrc import GitSource, escape, fnv64, front_code, write  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "stdlib", "catalog", "gcp", "gcp-catalog.txt.zz")
SOURCES = os.path.join(ROOT, "stdlib", "catalog", "gcp", "SOURCES.md")
DIGEST = os.path.join(ROOT, "tests", "clouds", "gcp-roles.tsv")
# 2026-08-22 "Update SAR data": the newest commit of the snapshot the notes measured.
COMMIT = "2073fa52ac008a45477aa0b1b4580cd99135bf60"
STAGES = ("GA", "BETA", "ALPHA", "DEPRECATED", "DISABLED", "EAP")
TAGS = {"PrivEsc": "P", "CredentialExposure": "C", "DataAccess": "D"}


def load_roles(src):
    paths, shas = zip(*sorted(src.list("gcp/roles")))
    roles, notes = {}, []
    for path, blob in zip(paths, src.read_many(list(shas))):
        d = json.loads(blob)
        name = d.get("name", "")
        if not name.startswith("roles/") or d.get("stage") not in STAGES:
            sys.exit(f"{path}: unexpected name {name!r} or stage {d.get('stage')!r}")
        if path != f"gcp/roles/{name[len('roles/'):]}.json":
            notes.append(f"`{path}` holds `{name}` (the role's name is taken from its `name` field)")
        if name in roles:
            sys.exit(f"{path}: {name} twice")
        perms = d.get("includedPermissions") or []
        if len(set(perms)) != len(perms):
            sys.exit(f"{path}: a permission twice")
        roles[name] = {
            "stage": d["stage"],
            "title": d.get("title", ""),
            "description": d.get("description", ""),
            "permissions": perms,
        }
    return roles, notes


def load_tags(src, known):
    """permission -> set of tag letters, and what could not be placed."""
    raw = json.loads(src.read("gcp/tags.json"))["iam"]
    by_lower = {p.lower(): p for p in known}
    tags, fixed, dropped = {}, [], []
    for tag, perms in sorted(raw.items()):
        letter = TAGS[tag]
        for p in perms:
            target = p if p in known else by_lower.get(p.lower())
            if target is None:
                dropped.append((p, tag))
                continue
            if target != p:
                fixed.append((p, target, tag))
            tags.setdefault(target, set()).add(letter)
    return tags, {t: len(v) for t, v in raw.items()}, fixed, dropped


def encode_indices(indices):
    toks, prev, i = [], -1, 0
    while i < len(indices):
        j = i
        while j + 1 < len(indices) and indices[j + 1] == indices[j] + 1:
            j += 1
        gap = indices[i] - prev - 1
        toks.append(f"{gap}+{j - i}" if j > i else str(gap))
        prev, i = indices[j], j + 1
    return " ".join(toks)


def render(commit, roles, perms, tags, services):
    index = {p: i for i, p in enumerate(perms)}
    lines = [
        "# iamx gcp catalog 1",
        f"# iann0036/iam-dataset {commit} gcp/roles, gcp/tags.json, gcp/service_mapping.json (MIT)",
        f"= permissions {len(perms)}",
    ]
    for p, coded in zip(perms, front_code(perms)):
        t = "".join(sorted(tags.get(p, ()), key="PCD".index))
        lines.append(f"{coded} {t}" if t else coded)
    lines.append(f"= services {len(services)}")
    lines += [f"{k} {v}" for k, v in sorted(services.items())]
    lines.append(f"= roles {len(roles)}")
    for name in sorted(roles):
        r = roles[name]
        ids = sorted(index[p] for p in r["permissions"])
        fields = (name, r["stage"], escape(r["title"]), escape(r["description"]), encode_indices(ids))
        lines.append("\t".join(fields))
    return ("\n".join(lines) + "\n").encode("utf-8")


def digest(roles):
    out = ["# role\tstage\tpermissions\tfnv1a64(title \\0 description \\0 sorted permissions joined by \\n)"]
    for name in sorted(roles):
        r = roles[name]
        text = r["title"] + "\0" + r["description"] + "\0" + "\n".join(sorted(r["permissions"]))
        out.append(f"{name}\t{r['stage']}\t{len(r['permissions'])}\t{fnv64(text)}")
    return ("\n".join(out) + "\n").encode("utf-8")


def stats(roles, perms, tags):
    stages = {}
    for r in roles.values():
        stages[r["stage"]] = stages.get(r["stage"], 0) + 1
    prefixes = {p.split("/")[0] if "/" in p else p.split(".")[0] for p in perms}
    tagged = {}
    for letters in tags.values():
        for t in letters:
            tagged[t] = tagged.get(t, 0) + 1
    return {
        "roles": len(roles),
        "stages": stages,
        "agents": sum(1 for n in roles if "serviceagent" in n.lower()),
        "empty": sum(1 for r in roles.values() if not r["permissions"]),
        "permissions": len(perms),
        "entries": sum(len(r["permissions"]) for r in roles.values()),
        "prefixes": len(prefixes),
        "fqdn": sum(1 for p in perms if "/" in p),
        "tagged": tagged,
    }


def sources_md(src, s, raw, packed, tag_counts, fixed, dropped, services, notes):
    st = ", ".join(f"{k} {s['stages'].get(k, 0):,}" for k in STAGES if s["stages"].get(k))
    tg = ", ".join(f"{t} {s['tagged'].get(TAGS[t], 0)}" for t in TAGS)
    src_tags = ", ".join(f"{t} {tag_counts.get(t, 0)}" for t in TAGS)
    out = [
        "# Where the Google Cloud IAM catalog comes from",
        "",
        "`gcp-catalog.txt.zz` is generated by `scripts/catalog/gcp/build.py` (re-run it to refresh;",
        "the header of the script says how to get the source and pins its commit) and embedded in",
        "the binary by `src/gcp/catalog.rs`, which inflates it the first time a Google Cloud fact is",
        "asked for (never for an AWS or Azure module).",
        "",
        "| | |",
        "|---|---|",
        "| source | iam-dataset by Ian Mckay: `gcp/roles/*.json` (`gcloud iam roles describe` of every predefined role), `gcp/tags.json`, `gcp/service_mapping.json` |",
        "| repository | https://github.com/iann0036/iam-dataset |",
        f"| commit | `{src.commit}` ({src.date}) |",
        "| licence | MIT (Copyright (c) 2021 Ian Mckay); iam-dataset's NOTICE also lists parliament (BSD-3-Clause, Copyright 2019 Duo Security) and primeharbor/sensitive_iam_actions (CC0 1.0) |",
        f"| predefined roles | {s['roles']:,} ({st}); {s['agents']} service-agent roles (`*serviceAgent`, for Google-managed identities); {s['empty']} with no permission |",
        f"| permissions | {s['permissions']:,} distinct, named by the roles ({s['prefixes']} service prefixes; {s['fqdn']} in the `host/resource.verb` form such as `iam.googleapis.com/workloadIdentityPools.create`); {s['entries']:,} role → permission entries |",
        f"| risk tags | {tg} permissions (the source lists {src_tags}) |",
        f"| deny-policy names | {len(services)} permission prefixes whose API name differs (`resourcemanager` → `cloudresourcemanager.googleapis.com`) |",
        f"| size | {raw:,} bytes of text, {packed:,} bytes compressed (zlib level 9) |",
        "",
        "The facts are Google's: the roles and permissions are what the IAM API returns",
        "(`roles.get`), collected daily by iam-dataset. The risk tags are iam-dataset's own",
        "classification (permissions that allow privilege escalation, expose credentials, or read",
        "data).",
        "",
        "Every permission a predefined role names is a known permission; no other list of",
        "permissions is shipped (iam-dataset's `gcp/permissions.json` stopped in 2022), so a",
        "permission that no predefined role holds is unknown to iamx.",
        "",
        "Not in any source we may ship, and therefore not in the catalog:",
        "",
        "- whether a permission may be used in a custom role (`SUPPORTED`, `TESTING`,",
        "  `NOT_SUPPORTED`, from Google's \"custom roles permissions support\" page or",
        "  `iam.permissions.queryTestablePermissions`): iamx cannot tell which permissions a custom",
        "  role may not hold;",
        "- which permissions deny policies support: the deny-policy name of every permission is",
        "  derived (`iam.roles.create` → `iam.googleapis.com/roles.create`), not checked.",
        "",
    ]
    if fixed or dropped:
        out += ["Risk tags that name no permission of any role as written:", ""]
        out += [f"- `{p}` ({t}): applied to `{q}` (the same name in another case)" for p, q, t in fixed]
        out += [f"- `{p}` ({t}): dropped, no role holds it" for p, t in dropped]
        out.append("")
    if notes:
        out += ["Source quirks:", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iam-dataset", required=True, help="a local clone of iann0036/iam-dataset")
    ap.add_argument("--commit", default=COMMIT)
    args = ap.parse_args()
    src = GitSource(args.iam_dataset, args.commit)
    roles, notes = load_roles(src)
    perms = sorted({p for r in roles.values() for p in r["permissions"]})
    tags, tag_counts, fixed, dropped = load_tags(src, set(perms))
    services = json.loads(src.read("gcp/service_mapping.json"))["iam"]
    raw = render(args.commit, roles, perms, tags, services)
    packed = zlib.compress(raw, 9)
    s = stats(roles, perms, tags)
    write(OUT, packed)
    write(DIGEST, digest(roles))
    md = sources_md(src, s, len(raw), len(packed), tag_counts, fixed, dropped, services, notes)
    write(SOURCES, md.encode("utf-8"))
    print(f"{s['roles']} roles, {s['permissions']} permissions, {len(raw):,} bytes, {len(packed):,} compressed")


if __name__ == "__main__":
    main()
