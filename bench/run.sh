#!/bin/sh
# make bench: generate a corpus of at least 50 MB from the project's own
# fixtures, then measure on one core: the text layer alone, and tally code.
set -eu
corpus=build/bench-corpus.jsonl
[ -s "$corpus" ] || python3 bench/gen_corpus.py "$corpus" "${BENCH_MB:-50}"
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
$pin ./build/bench_text text "$corpus"
$pin ./build/bench_text events "$corpus"
if [ -s build/gazetteer.bin ]; then
    $pin ./build/bench_text places build/gazetteer.bin "$corpus"
else
    echo "places: no build/gazetteer.bin (make gazetteer): skipped"
fi
res=$($pin ./build/bench_text run ./tally code "$corpus" 2>&1 >build/bench-out.jsonl | tail -n 1)
secs=${res% *}
rss=${res#* }
python3 - "$corpus" "$secs" "$rss" <<'PY'
import json, os, sys
corpus, secs, rss = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
arts = sents = incs = evs = 0
for line in open("build/bench-out.jsonl", encoding="utf-8"):
    o = json.loads(line)
    arts += 1
    sents += o["doc"].get("sentences", 0)
    incs += len(o["incidents"])
    evs += len(o.get("events", []))
mb = os.path.getsize(corpus) / 1e6
print(f"tally code: {arts} articles, {sents} sentences, {incs} incidents, {evs} events in {secs:.2f} s on one core: "
      f"{arts / secs:.0f} articles/s, {sents / secs:.0f} sentences/s, {mb / secs:.1f} MB/s, peak RSS {rss / 1024:.1f} MB")
PY

# tally ingest: 100,000 distinct articles (the corpus's, each made unique, since a
# repeated text is stored once) into a fresh SQLite store; then a filtered query.
ingest=build/bench-ingest.jsonl
[ -s "$ingest" ] || python3 - "$corpus" "$ingest" "${BENCH_INGEST:-100000}" <<'PY'
import json, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [l for l in open(src, encoding="utf-8") if l.strip()]
with open(out, "w", encoding="utf-8") as fh:
    for i in range(n):
        o = json.loads(lines[i % len(lines)])
        o["id"] = f"ingest-{i}"
        o["text"] += f"\n\nRef. {i}."
        fh.write(json.dumps(o) + "\n")
PY
rm -f build/bench.db build/bench.db-wal build/bench.db-shm
res=$($pin ./build/bench_text run ./tally ingest --db build/bench.db "$ingest" 2>&1 >/dev/null | tail -n 1)
q="--country IRQ --min-killed 5 --from 2015-01-01 --to 2015-06-30"
best=""
for i in 1 2 3 4 5; do
    t=$($pin ./build/bench_text run ./tally incidents --db build/bench.db $q 2>&1 >/dev/null | tail -n 1)
    t=${t% *}
    best=$(python3 -c "import sys; a = sys.argv[1:]; print(min(float(x) for x in a if x))" "$t" $best)
done
python3 - "$ingest" "${res% *}" "${res#* }" "$best" "$q" <<'PY'
import os, sqlite3, sys
path, secs, rss, qsecs, q = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
n = sum(1 for _ in open(path, encoding="utf-8"))
db = sqlite3.connect("build/bench.db")
arts, reps, incs = (db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "reports", "incidents"))
print(f"tally ingest: {n} articles ({arts} stored, {reps} reports, merged into {incs} incidents) in {secs:.2f} s on one core: "
      f"{n / secs:.0f} articles/s, {os.path.getsize(path) / 1e6 / secs:.1f} MB/s, peak RSS {rss / 1024:.1f} MB, "
      f"store {os.path.getsize('build/bench.db') / 1e6:.0f} MB")
print(f"tally incidents {q}: {qsecs * 1000:.0f} ms (best of 5, process start included)")
PY
