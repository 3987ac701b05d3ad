#!/usr/bin/env python3
"""Extract a Terraform provider's argument table from a CDK for Terraform prebuilt provider
package (`@cdktf/provider-aws`, `@cdktf/provider-google`, `@cdktf/provider-azurerm`, ...).

`terraform validate` needs the provider's schema, which `terraform init` downloads from the
Terraform registry; CI cannot reach it. The prebuilt CDKTF packages on npm are generated from
that same schema: every resource and data source is a directory `lib/<name>/` whose `index.js`
embeds its TypeScript source (in the source map), and that source carries, for the resource
class and every nested block class,

  * `public static readonly tfResourceType = "aws_iam_role";` and the base class
    (`cdktf.TerraformResource` or `cdktf.TerraformDataSource`),
  * one comment per attribute: `// name - computed: true, optional: true, required: false`,
  * `synthesizeHclAttributes()` / `xToHclTerraform()` with each settable attribute's
    `isBlock`, `type` (simple, list, set, map, struct) and `storageClassType`.

Output: one TSV row per attribute or block, sorted, with a header naming the package, its
version and the provider version it was generated from:

  kind  type  path  form  required  optional  computed  value

  kind      resource | data
  type      the Terraform type (`aws_iam_role`)
  path      the attribute, nested blocks joined with `.` (`statement.condition.test`)
  form      attribute | block
  required, optional, computed   true | false, from the provider schema
  value     the storage type (string, number, boolean, stringList, stringMap, ...) or, for a
            block, its nesting (list | set)

Deprecation flags are not carried by the CDKTF packages; the header says so.

Usage: extract.py PACKAGE_DIR OUT_FILE [TYPE_GLOB,...]
  PACKAGE_DIR  the unpacked npm tarball (`package/`)
  TYPE_GLOB    keep only these resource and data source types (`aws_iam_*,aws_region`); all
               when absent
"""
import base64
import fnmatch
import json
import os
import re
import sys

FLAGS = re.compile(r"^\s*// (\S+) - computed: (true|false), optional: (true|false), required: (true|false)\s*$")
CLASS = re.compile(r"^export class (\w+) extends cdktf\.(\w+)")
TYPE = re.compile(r'tfResourceType = "([^"]+)"')
HCL_FN = re.compile(r"^export function (\w+)ToHclTerraform\(")
ENTRY = re.compile(r"^\s{4,6}(\w+): \{\s*$")
VALUE = re.compile(r"value: (?:cdktf\.\w+\()?\(?(?:cdktf\.listMapperHcl\()?(\w+?)ToHclTerraform")
IS_BLOCK = re.compile(r"isBlock: (true|false)")
KIND = re.compile(r'type: "(\w+)"')
STORAGE = re.compile(r'storageClassType: "(\w+)"')


def typescript(index_js):
    """The TypeScript source embedded in a compiled `index.js` (its inline source map)."""
    m = re.search(r"sourceMappingURL=data:application/json;base64,(\S+)", open(index_js).read())
    if not m:
        return None
    return json.loads(base64.b64decode(m.group(1)))["sourcesContent"][0]


def hcl_attrs(lines, start):
    """The entries of one `attrs = { ... }` object of `synthesizeHclAttributes`/`xToHclTerraform`
    starting after line `start`: {name: (is_block, type, storage, nested struct name)}."""
    out = {}
    i = start
    while i < len(lines) and "const attrs = {" not in lines[i]:
        i += 1
    i += 1
    while i < len(lines) and not re.match(r"^\s*};", lines[i]):
        m = ENTRY.match(lines[i])
        if m:
            body = " ".join(lines[i + 1:i + 6])
            nested = VALUE.search(body)
            out[m.group(1)] = (
                IS_BLOCK.search(body).group(1) == "true",
                KIND.search(body).group(1),
                STORAGE.search(body).group(1),
                nested.group(1) if nested and not nested.group(1).startswith(("string", "number", "boolean", "hash", "list", "numeric")) else None,
            )
            i += 5
        i += 1
    return out


def parse(ts):
    """(kind, type, rows) of one resource or data source."""
    lines = ts.splitlines()
    flags = {}  # class name -> {attr: (computed, optional, required)}
    hcl = {}  # struct/function base (lowerCamel) or class name -> attrs
    tf_type, kind, main_class = None, None, None
    current = None
    for i, line in enumerate(lines):
        m = CLASS.match(line)
        if m:
            current = m.group(1)
            if m.group(2) in ("TerraformResource", "TerraformDataSource"):
                main_class = current
                kind = "resource" if m.group(2) == "TerraformResource" else "data"
            continue
        m = TYPE.search(line)
        if m and current == main_class:
            tf_type = m.group(1)
        m = FLAGS.match(line)
        if m and current:
            flags.setdefault(current, {})[m.group(1)] = tuple(x == "true" for x in m.group(2, 3, 4))
        m = HCL_FN.match(line)
        if m:
            hcl[m.group(1)] = hcl_attrs(lines, i)
            current = None
        if "protected synthesizeHclAttributes()" in line and current == main_class:
            hcl[main_class] = hcl_attrs(lines, i)
    if not (tf_type and main_class):
        return None
    rows = []

    def walk(class_name, struct_key, prefix):
        settable = hcl.get(struct_key, {})
        for attr, (computed, optional, required) in sorted(flags.get(class_name, {}).items()):
            block, nest, storage, nested = settable.get(attr, (False, "", "", None))
            path = prefix + attr
            form = "block" if block else "attribute"
            value = nest if block else (storage or "computed")
            rows.append((kind, tf_type, path, form, required, optional, computed, value))
            if block and nested:
                child_class = nested[0].upper() + nested[1:] + "OutputReference"
                walk(child_class, nested, path + ".")

    walk(main_class, main_class, "")
    return rows


def main():
    pkg, out = sys.argv[1], sys.argv[2]
    globs = sys.argv[3].split(",") if len(sys.argv) > 3 else ["*"]
    meta = json.load(open(os.path.join(pkg, "package.json")))
    provider_version = None
    rows = []
    lib = os.path.join(pkg, "lib")
    for name in sorted(os.listdir(lib)):
        index = os.path.join(lib, name, "index.js")
        if not os.path.isfile(index):
            continue
        ts = typescript(index)
        if ts is None:
            continue
        if name == "provider":
            m = re.search(r"providerVersion: '([^']+)'", ts)
            provider_version = m.group(1) if m else None
            continue
        parsed = parse(ts)
        if parsed:
            rows.extend(r for r in parsed if any(fnmatch.fnmatchcase(r[1], g) for g in globs))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    b = lambda x: "true" if x else "false"  # noqa: E731
    with open(out, "w") as f:
        f.write(f"# {meta['name']} {meta['version']} (npm, licence {meta.get('license')}), generated from the "
                f"Terraform provider {provider_version}; extracted by scripts/schema/extract.py. "
                f"Types: {','.join(globs)}. Deprecations are not carried by the package.\n")
        f.write("# kind\ttype\tpath\tform\trequired\toptional\tcomputed\tvalue\n")
        for kind, ty, path, form, req, opt, comp, value in rows:
            f.write(f"{kind}\t{ty}\t{path}\t{form}\t{b(req)}\t{b(opt)}\t{b(comp)}\t{value}\n")
    types = len({(r[0], r[1]) for r in rows})
    print(f"{out}: {len(rows)} attributes and blocks of {types} resources and data sources "
          f"(provider {provider_version})")


if __name__ == "__main__":
    main()
