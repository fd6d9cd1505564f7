#!/usr/bin/env python3
"""Writes the record kinds' part of openapi.json from their descriptors.

The descriptors (src/kinds/*.c) are the source of truth; `kezhuan kinds` prints them as JSON.
This rewrites, for every kind K, the fields of components.schemas.<K>Input (types, lengths,
ranges, vocabularies, formats, notes, required), <K>Status, and the Transition body's fields
and actions, keeping what the descriptor does not say (the items of object lists, minItems).
tests/api/kinds.test.mjs fails while openapi.json and the descriptors differ.

Usage: tools/openapi_kinds.py [path/to/kezhuan]   (default build/kezhuan), from the repo root.
"""
import json
import subprocess
import sys

BASE = {"string": "string", "integer": "integer", "boolean": "boolean",
        "string_list": "array", "array": "array"}


def prop(f, old):
    p = dict(old or {})
    for k in ("type", "minLength", "maxLength", "minimum", "maximum", "enum", "format",
              "description", "maxItems"):
        p.pop(k, None)
    base = BASE[f["type"]]
    p["type"] = [base, "null"] if f["nullable"] else base
    if f["type"] == "string" and "format" not in f and "codes" not in f:
        if "min_length" in f:
            p["minLength"] = f["min_length"]
        p["maxLength"] = f["max_length"]
    if f["type"] == "string" and "codes" in f:
        p["enum"] = f["codes"] + ([None] if f["nullable"] else [])
    if f["type"] == "string_list":
        items = {k: v for k, v in (p.get("items") or {}).items()
                 if k not in ("minLength", "maxLength", "enum")}
        items["type"] = "string"
        if "codes" in f:
            items["enum"] = f["codes"]
        else:
            if "min_length" in f:
                items["minLength"] = f["min_length"]
            items["maxLength"] = f["max_length"]
        p["items"] = items
    if f["type"] in ("string_list", "array"):
        p["maxItems"] = f["max_items"]
    if f["type"] == "integer" and "minimum" in f:
        p["minimum"] = f["minimum"]
        p["maximum"] = f["maximum"]
    if "format" in f:
        p["format"] = f["format"]
    if "doc" in f:
        p["description"] = f["doc"]
    order = ["type", "format", "minLength", "maxLength", "minimum", "maximum", "enum",
             "minItems", "maxItems", "items", "description"]
    return {k: p[k] for k in sorted(p, key=lambda k: order.index(k) if k in order else 99)}


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/kezhuan"
    kinds = json.loads(subprocess.run([binary, "kinds"], check=True, capture_output=True,
                                      text=True).stdout)
    with open("openapi.json", encoding="utf-8") as fh:
        doc = json.load(fh)
    schemas = doc["components"]["schemas"]
    actions = []
    transition = schemas["Transition"]
    for k in kinds:
        name = k["name"][0].upper() + k["name"][1:]
        inp = schemas[f"{name}Input"]
        inp["properties"] = {f["name"]: prop(f, inp["properties"].get(f["name"]))
                             for f in k["fields"]}
        inp["required"] = [f["name"] for f in k["fields"] if f["required"]]
        inp["additionalProperties"] = False
        schemas[f"{name}Status"]["enum"] = k["statuses"]
        for t in k["workflow"]:
            if not t["system"] and t["action"] not in actions:
                actions.append(t["action"])
        for f in k["transition_fields"]:
            if f["name"] != "action":
                transition["properties"][f["name"]] = prop(f, transition["properties"].get(f["name"]))
    transition["properties"]["action"] = {"type": "string", "enum": actions,
                                          "description": "状态机中的操作（各类型的操作见 kezhuan kinds）"}
    with open("openapi.json", "w", encoding="utf-8") as fh:
        fh.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
