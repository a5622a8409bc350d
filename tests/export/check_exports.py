#!/usr/bin/env python3
"""check_exports.py: loads tally's exports as a researcher's tools would (Python's
csv and json modules, stdlib only) and checks them against ACLED's column list and
values, the Phoenix/TABARI event layout and RFC 7946.
Usage: check_exports.py ACLED.csv CAMEO.tsv GEOJSON.json; prints one line per
problem and 'ok N' when there is none (exit 0), else exits 1."""
import csv
import json
import re
import sys

# ACLED's export columns, in ACLED's order (ACLED codebook, 2023 and later)
ACLED = ("event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 "
         "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country "
         "admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities "
         "tags timestamp").split()
EVENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments"}
DISORDER = {"Political violence", "Demonstrations", "Strategic developments", "Political violence; Demonstrations"}
REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "South Asia",
           "Southeast Asia", "East Asia", "Middle East", "Europe", "Caucasus and Central Asia", "Central America",
           "South America", "Caribbean", "North America", "Oceania", "Antarctica"}
problems = []


def problem(where, what):
    problems.append(f"{where}: {what}")


def check_acled(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        f.seek(0)
        header = next(csv.reader(f))
    if header != ACLED:
        problem(path, f"columns {header} are not ACLED's {ACLED}")
    for i, r in enumerate(rows, 2):
        at = f"{path}:{i}"
        if None in r or any(v is None for v in r.values()):
            problem(at, "not 31 fields")
            continue
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", r["event_date"]) or r["year"] != r["event_date"][:4]:
            problem(at, f"event_date {r['event_date']!r} / year {r['year']!r}")
        if r["time_precision"] not in ("1", "2", "3"):
            problem(at, f"time_precision {r['time_precision']!r}")
        if r["event_type"] not in EVENT_TYPES:
            problem(at, f"event_type {r['event_type']!r}")
        if r["disorder_type"] not in DISORDER:
            problem(at, f"disorder_type {r['disorder_type']!r}")
        for k in ("inter1", "inter2"):
            if r[k] and r[k] not in "12345678":
                problem(at, f"{k} {r[k]!r}")
        i1, i2 = r["inter1"], r["inter2"]
        want = "" if not i1 else (i1 + "0" if not i2 else "".join(sorted(i1 + i2)))
        if r["interaction"] != want:
            problem(at, f"interaction {r['interaction']!r}, want {want!r}")
        if (r["civilian_targeting"] == "Civilian targeting") != (i2 == "7"):
            problem(at, f"civilian_targeting {r['civilian_targeting']!r} with inter2 {i2!r}")
        if r["iso"] and not r["iso"].isdigit():
            problem(at, f"iso {r['iso']!r} is not ISO 3166 numeric")
        if r["region"] and r["region"] not in REGIONS:
            problem(at, f"region {r['region']!r}")
        if r["latitude"] and not (-90 <= float(r["latitude"]) <= 90 and -180 <= float(r["longitude"]) <= 180):
            problem(at, "latitude/longitude out of range")
        if r["geo_precision"] and r["geo_precision"] not in ("1", "2", "3"):
            problem(at, f"geo_precision {r['geo_precision']!r}")
        if not r["fatalities"].isdigit():
            problem(at, f"fatalities {r['fatalities']!r}")
        for k, v in r.items():
            if v[:1] in ("=", "+", "-", "@"):
                problem(at, f"{k} starts with {v[:1]!r}: a spreadsheet runs it as a formula")
    return len(rows)


def check_cameo(path):
    n = 0
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            n += 1
            at = f"{path}:{i}"
            c = line.rstrip("\n").split("\t")
            if len(c) != 15:
                problem(at, f"{len(c)} fields, want 15")
                continue
            if not re.fullmatch(r"\d{8}", c[0]):
                problem(at, f"date {c[0]!r} is not YYYYMMDD")
            for k in (1, 2):
                if c[k].startswith("---"):
                    problem(at, f"actor {c[k]!r} has no country")
            if not re.fullmatch(r"\d{2,4}", c[3]) or c[4] != c[3][:2]:
                problem(at, f"code {c[3]!r} / root {c[4]!r}")
            if (c[12] == "") != (c[13] == ""):
                problem(at, "lat without lon")
    return n


def check_geojson(path):
    with open(path, encoding="utf-8") as f:
        g = json.load(f)
    if g.get("type") != "FeatureCollection" or "crs" in g:
        problem(path, "not an RFC 7946 FeatureCollection")
    for i, ft in enumerate(g.get("features", [])):
        at = f"{path}: feature {i}"
        geo = ft.get("geometry") or {}
        xy = geo.get("coordinates", [])
        if ft.get("type") != "Feature" or geo.get("type") != "Point" or len(xy) != 2:
            problem(at, "not a Feature with a Point")
            continue
        if not (-180 <= xy[0] <= 180 and -90 <= xy[1] <= 90):
            problem(at, f"coordinates {xy} are not [longitude, latitude]")
        p = ft.get("properties", {})
        for k in ("id", "type", "date", "killed_min", "killed_max", "contested", "place"):
            if k not in p:
                problem(at, f"no property {k}")
        if p.get("id") != ft.get("id"):
            problem(at, "the feature's id and its property id differ")
    return len(g.get("features", []))


if __name__ == "__main__":
    acled, cameo, geojson = sys.argv[1:4]
    n = check_acled(acled) + check_cameo(cameo) + check_geojson(geojson)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"ok {n}")
