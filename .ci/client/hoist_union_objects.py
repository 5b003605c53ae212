"""Work around an openapi-python-client bug (0.29.1, the pinned version) before generating.

The bug: when a component schema is a `oneOf`/`anyOf` with an inline object member, and that member has
a property that is itself an inline object, the generator registers the nested model twice, reports
`Attempted to generate duplicate models with name "DepreciationType1DecliningBalance"`, drops the
member, and still emits code that imports the dropped module (`models/depreciation_type_1.py`), so
the client raises ModuleNotFoundError on any scenario with an asset. The same document with the
nested object moved to a named component generates cleanly; that is valid OpenAPI either way.

This script makes that move on a copy of the document: each such nested inline object becomes the
component `<Parent><Property>` (e.g. `DepreciationDecliningBalance`, `FinancingLoan`,
`FinancingLease`) and is replaced by a `$ref`. Nothing else changes. It prints every move; the
committed document itself is never touched.

usage: hoist_union_objects.py IN.json OUT.json
"""

import json
import sys


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("-", "_").split("_") if part)


def is_inline_object(schema: object) -> bool:
    return (
        isinstance(schema, dict)
        and "$ref" not in schema
        and schema.get("type") == "object"
        and isinstance(schema.get("properties"), dict)
    )


def main(src: str, dst: str) -> None:
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    schemas = doc["components"]["schemas"]
    moved = []
    for parent in list(schemas):
        schema = schemas[parent]
        for keyword in ("oneOf", "anyOf"):
            for member in schema.get(keyword, []):
                if not is_inline_object(member):
                    continue
                for prop, sub in member["properties"].items():
                    if not is_inline_object(sub):
                        continue
                    name = parent + pascal(prop)
                    if name in schemas:
                        sys.exit(f"hoist: cannot move {parent}.{keyword}[].{prop}: {name} already exists")
                    schemas[name] = sub
                    member["properties"][prop] = {"$ref": f"#/components/schemas/{name}"}
                    moved.append(f"{parent}.{keyword}[].properties.{prop} -> #/components/schemas/{name}")
    for line in moved:
        print(f"hoist: {line}")
    if not moved:
        print("hoist: nothing to move (the generator workaround may no longer be needed)")
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
