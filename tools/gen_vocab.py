#!/usr/bin/env python3
"""Builds kezhuan's own vocabulary files (data/vocab/*.tsv) from the national code
lists in ../shared/data/vocab/. Codes and names are facts of the standards; the
project carries them as data. Run from the repository root:  python3 tools/gen_vocab.py"""
import csv, os, sys

SRC = os.environ.get("KZ_VOCAB_SRC", "../shared/data/vocab")
OUT = "data/vocab"

def regions():
    rows = []
    with open(os.path.join(SRC, "regions/provinces.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append((r["code"] + "0000", 1, "", r["name"]))
    with open(os.path.join(SRC, "regions/cities.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append((r["code"] + "00", 2, r["provinceCode"] + "0000", r["name"]))
    with open(os.path.join(SRC, "regions/areas.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            # 不设区的地级市 (东莞, 中山, 儋州) are listed as their own "area": keep the city only
            if r["code"] == r["cityCode"] + "00":
                continue
            rows.append((r["code"], 3, r["cityCode"] + "00", r["name"]))
    rows.sort()
    with open(os.path.join(OUT, "regions.tsv"), "w", encoding="utf-8") as f:
        f.write("# GB/T 2260 administrative division codes: code\tlevel\tparent\tname\n")
        for code, level, parent, name in rows:
            f.write(f"{code}\t{level}\t{parent}\t{name}\n")
    return len(rows)

def industries():
    n = 0
    with open(os.path.join(SRC, "gbt4754_2017.tsv"), encoding="utf-8") as f, \
         open(os.path.join(OUT, "industries.tsv"), "w", encoding="utf-8") as out:
        out.write("# GB/T 4754-2017 industry codes: code\tlevel\tsection\tname\n")
        rd = csv.DictReader(f, delimiter="\t")
        for r in rd:
            name = r["name"].strip()
            # the source lists 飞机制造 as "374" at level 3; GB/T 4754-2017 has 3741 (小类)
            if r["code"].strip() == "374" and name == "飞机制造":
                r["code"] = "3741"
                r["level"] = "4"
            out.write(f"{r['code'].strip()}\t{r['level'].strip()}\t{r['section'].strip()}\t{name}\n")
            n += 1
    return n

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    print("regions", regions(), "industries", industries(), file=sys.stderr)
