#!/usr/bin/env python3
"""Generate the benchmark corpus: the project's own example articles and test
fixtures, varied (numbers, names, days) and repeated to at least N megabytes of
JSON Lines. usage: gen_corpus.py OUT.jsonl [MB]"""
import json, os, random, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
texts = []
for d in ("examples", "tests/golden/code", "tests/golden/sentences"):
    p = os.path.join(root, d)
    if not os.path.isdir(p):
        continue
    for f in sorted(os.listdir(p)):
        fp = os.path.join(p, f)
        if f.endswith(".txt"):
            texts.append(open(fp, encoding="utf-8").read())
        elif f.endswith(".jsonl"):
            for line in open(fp, encoding="utf-8"):
                if line.strip():
                    texts.append(json.loads(line)["text"])
out, mb = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 50
rng = random.Random(7)
days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
size, n = 0, 0
with open(out, "w", encoding="utf-8") as fh:
    while size < mb * 1e6:
        t = rng.choice(texts)
        t = t.replace("Saturday", rng.choice(days)).replace("12", str(rng.randint(2, 90)))
        t = t.replace("four", rng.choice(["three", "five", "six", "eleven"]))
        line = json.dumps({"id": f"bench-{n}", "date": f"20{rng.randint(10, 19)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "text": t}) + "\n"
        fh.write(line)
        size += len(line.encode())
        n += 1
print(f"corpus: {n} articles, {size / 1e6:.1f} MB in {out}")
