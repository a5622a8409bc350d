#!/usr/bin/env python3
"""Generate the benchmark corpora as JSON Lines.

  gen_corpus.py OUT.jsonl [MB]
      the project's own example articles and test fixtures, varied (numbers,
      names, days) and repeated to at least MB megabytes (default 50).
  gen_corpus.py --shared SHARED OUTDIR [MB]
      real reports from SHARED (../shared): the seeds, the ISAF and the GVA dev
      sets, each repeated whole (ids made unique) to its share of MB (default 30):
      GVA 70%, ISAF 20%, seeds 10%. Writes OUTDIR/bench-{gva,isaf,seeds}.jsonl and
      OUTDIR/bench-all.jsonl (the three, one after another). SHARED is only read."""
import json, os, random, sys

SHARES = (("gva", 0.7), ("isaf", 0.2), ("seeds", 0.1))


def fixtures(out, mb):
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
    print(f"corpus: {n} articles, {size / 1e6:.1f} MB in {out} (the project's fixtures)")


def seed_records(d):
    """The seeds as records: a .txt has no header block, its name is its id."""
    recs = []
    for f in sorted(os.listdir(d)):
        if f.endswith(".txt"):
            text = open(os.path.join(d, f), encoding="utf-8", errors="surrogateescape").read()
            recs.append({"id": f[:-4], "text": text})
    return recs


def jsonl_records(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def replicate(recs, out, mb):
    """Write recs whole, again and again (ids suffixed by the pass) until mb megabytes."""
    size, n, k = 0, 0, 0
    with open(out, "w", encoding="utf-8", errors="surrogateescape") as fh:
        while k == 0 or size < mb * 1e6:
            for r in recs:
                o = dict(r)
                o["id"] = f"{r.get('id', n)}-r{k}"
                line = json.dumps(o, ensure_ascii=False) + "\n"
                fh.write(line)
                size += len(line.encode("utf-8", "surrogateescape"))
                n += 1
            k += 1
    return n, size, k


def shared(src, outdir, mb):
    sets = {
        "gva": jsonl_records(os.path.join(src, "dev/gva/articles.jsonl")),
        "isaf": jsonl_records(os.path.join(src, "dev/isaf/articles.jsonl")),
        "seeds": seed_records(os.path.join(src, "seeds")),
    }
    os.makedirs(outdir, exist_ok=True)
    whole = os.path.join(outdir, "bench-all.jsonl")
    with open(whole, "wb") as all_fh:
        for name, share in SHARES:
            out = os.path.join(outdir, f"bench-{name}.jsonl")
            n, size, k = replicate(sets[name], out, mb * share)
            print(f"corpus {name}: {len(sets[name])} articles x {k} = {n} articles, {size / 1e6:.1f} MB in {out}")
            with open(out, "rb") as fh:
                all_fh.write(fh.read())
    print(f"corpus all: {os.path.getsize(whole) / 1e6:.1f} MB in {whole}")


if __name__ == "__main__":
    a = sys.argv[1:]
    if a and a[0] == "--shared":
        if len(a) < 3:
            sys.exit("usage: gen_corpus.py --shared SHARED OUTDIR [MB]")
        shared(a[1], a[2], float(a[3]) if len(a) > 3 else 30)
    elif a:
        fixtures(a[0], float(a[1]) if len(a) > 1 else 50)
    else:
        sys.exit("usage: gen_corpus.py OUT.jsonl [MB] | gen_corpus.py --shared SHARED OUTDIR [MB]")
