#!/usr/bin/env python3
"""eval_petrarch.py: score `tally code --dict` on PETRARCH2's unit-test records.

usage: eval_petrarch.py TALLY RECORDS.xml DICTDIR [--verbose]

Each <Sentence> of RECORDS.xml is coded from its <Text> alone (the parse tree is
not given to tally) with the record's date as the article date, using the
PETRARCH dictionaries in DICTDIR (tally code --dict DICTDIR). Expected events are
the record's <EventCoding> (source, target, code) triples. Prints:
  all-produced  share of sentences whose expected events are all produced
                (a sentence that expects none must produce none)
  exact         share whose produced set equals the expected set
  precision, recall over (source, target, code) triples
The records stay in ../shared; nothing is written outside a temporary directory.
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def records(path):
    x = open(path, encoding="utf-8").read()
    for n, (attrs, body) in enumerate(re.findall(r"<Sentence ([^>]*)>(.*?)</Sentence>", x, re.S)):
        a = dict(re.findall(r'(\w+)="([^"]*)"', attrs))
        m = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not m:
            continue
        text = " ".join(m.group(1).split())
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        want = set()
        for ec in re.findall(r"<EventCoding ([^>]*)>", body):
            e = dict(re.findall(r'(\w+)="([^"]*)"', ec))
            if "eventcode" in e:
                want.add((e.get("sourcecode", "").upper(), e.get("targetcode", "").upper(),
                          e["eventcode"].upper()))
        d = a.get("date", "")
        date = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if re.fullmatch(r"\d{8}", d) else None
        yield {"id": f"r{n:04d}-{a.get('id', 'none')}", "date": date, "text": text, "want": want}


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    tally, recs_path, dictdir = args
    if not os.path.exists(recs_path):
        print(f"eval_petrarch: {recs_path} absent: skipped", file=sys.stderr)
        return 0
    recs = list(records(recs_path))
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps({"id": r["id"], "date": r["date"], "text": r["text"]}) + "\n")
        out = subprocess.run([tally, "code", "--dict", dictdir, inp], capture_output=True, text=True)
        if out.returncode not in (0, 1):
            print(out.stderr, file=sys.stderr)
            return 1
    got = {}
    for line in out.stdout.splitlines():
        o = json.loads(line)
        got[o["doc"]["id"]] = {((e.get("source") or "").upper(), (e.get("target") or "").upper(),
                                (e.get("code") or "").upper()) for e in o.get("events", [])}
    allp = exact = tp = npred = nwant = 0
    for r in recs:
        g, w = got.get(r["id"], set()), r["want"]
        ok = w <= g if w else not g
        allp += ok
        exact += g == w
        tp += len(g & w)
        npred += len(g)
        nwant += len(w)
        if "--verbose" in argv and not ok:
            print(f"{r['id']}: want {sorted(w)} got {sorted(g)}\n    {r['text'][:150]}")
    n = len(recs)
    p = tp / npred if npred else 0.0
    rc = tp / nwant if nwant else 0.0
    print(f"sentences: {n}")
    print(f"all-produced: {allp / n:.3f} ({allp}/{n})  exact: {exact / n:.3f} ({exact}/{n})")
    print(f"triples: precision {p:.3f} ({tp}/{npred})  recall {rc:.3f} ({tp}/{nwant})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
