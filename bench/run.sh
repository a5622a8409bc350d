#!/bin/sh
# make bench: measure on one core (taskset -c 0) the text layer, the event coder and
# the geoparser in process, then `tally code` and `tally ingest` as processes.
# The corpus of tally code is real reports when ../shared is present (TALLY_SHARED):
# its seeds, ISAF and GVA dev sets, each repeated to its share of BENCH_MB (30) and
# measured alone and together. Without it, the project's fixtures (50 MB), said so.
# Generated corpora go under build/; ../shared is only read.
set -eu
shared=${TALLY_SHARED:-../shared}
fixtures=build/bench-corpus.jsonl
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
mkdir -p build
if [ -s "$shared/dev/gva/articles.jsonl" ] && [ -s "$shared/dev/isaf/articles.jsonl" ] &&
    ls "$shared"/seeds/*.txt >/dev/null 2>&1; then
    python3 bench/gen_corpus.py --shared "$shared" build "${BENCH_MB:-30}"
    corpus=build/bench-all.jsonl
    sets="gva isaf seeds all"
else
    echo "bench: no $shared (seeds, dev/isaf, dev/gva): measuring the project's fixtures, not real reports"
    [ -s "$fixtures" ] || python3 bench/gen_corpus.py "$fixtures" "${BENCH_MB:-50}"
    corpus=$fixtures
    sets=fixtures
fi
$pin ./build/bench_text text "$corpus"
$pin ./build/bench_text events "$corpus"
if [ -s build/gazetteer.bin ]; then
    $pin ./build/bench_text places build/gazetteer.bin "$corpus"
else
    echo "places: no build/gazetteer.bin (make gazetteer): skipped"
fi

# tally code on each set, then on all of them: the figures the team compares with.
# Rates are per CPU second (user + system) of the fastest run.
for set in $sets; do
    case $set in
    fixtures) f=$fixtures ;;
    *) f=build/bench-$set.jsonl ;;
    esac
    # the fastest of BENCH_RUNS runs (3): other jobs on the machine only add time
    : >build/bench-runs.txt
    for r in $(seq "${BENCH_RUNS:-3}"); do
        $pin ./build/bench_text run ./tally code "$f" 2>&1 >build/bench-out.jsonl | tail -n 1 >>build/bench-runs.txt
    done
    res=$(sort -k2,2 -g build/bench-runs.txt | head -n 1)
    python3 - "$set" "$f" $res <<'PY'
import json, os, sys
name, corpus = sys.argv[1], sys.argv[2]
wall, secs, rss = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
arts = sents = incs = evs = 0
for line in open("build/bench-out.jsonl", encoding="utf-8"):
    o = json.loads(line)
    arts += 1
    sents += o["doc"].get("sentences", 0)
    incs += len(o["incidents"])
    evs += len(o.get("events", []))
mb = os.path.getsize(corpus) / 1e6
print(f"tally code [{name}]: {arts} articles, {sents} sentences, {mb:.1f} MB, {incs} incidents, {evs} events "
      f"in {secs:.2f} s CPU ({wall:.2f} s wall, best of {os.environ.get('BENCH_RUNS', '3')}) on one core: {sents / secs:.0f} sentences/s, {arts / secs:.0f} articles/s, "
      f"{mb / secs:.2f} MB/s, peak RSS {rss / 1024:.1f} MB")
if name == "all":
    ok = sents / secs >= 100000 and rss / 1024 < 250
    print(f"tally code target (>= 100000 sentences/s, peak RSS < 250 MB): {'met' if ok else 'not met'}")
PY
done

# One long article next to the same bytes as 1,000 articles: time should grow with
# the text, not its square (BENCH_LONG_MB, 50). The text is the corpus's reports
# joined by blank lines, cut at paragraph breaks into 1,000 for the second run.
long=build/bench-long.jsonl
many=build/bench-many.jsonl
python3 - "$corpus" "$long" "$many" "${BENCH_LONG_MB:-50}" <<'PY'
import json, sys
src, long_path, many_path, mb = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
texts = [json.loads(l)["text"] for l in open(src, encoding="utf-8") if l.strip()]
want, parts, size, i = int(mb * 1e6), [], 0, 0
while size < want:
    t = texts[i % len(texts)]
    parts.append(t)
    size += len(t.encode("utf-8")) + 2
    i += 1
text = "\n\n".join(parts)
with open(long_path, "w", encoding="utf-8") as fh:
    fh.write(json.dumps({"id": "long", "text": text}) + "\n")
per = len(parts) / 1000
with open(many_path, "w", encoding="utf-8") as fh:
    for k in range(1000):
        chunk = parts[round(k * per):round((k + 1) * per)]
        fh.write(json.dumps({"id": f"part-{k}", "text": "\n\n".join(chunk)}) + "\n")
PY
for f in long many; do
    res=$($pin ./build/bench_text run ./tally code build/bench-$f.jsonl 2>&1 >/dev/null | tail -n 1)
    set -- $res
    python3 - "$f" "build/bench-$f.jsonl" "$1" "$2" "$3" <<'PY'
import os, sys
name, path, wall, secs, rss = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
mb = os.path.getsize(path) / 1e6
what = "one article" if name == "long" else "1,000 articles"
print(f"tally code [{what}, {mb:.1f} MB]: {secs:.2f} s CPU ({wall:.2f} s wall), {mb / secs:.2f} MB/s, peak RSS {rss / 1024:.1f} MB")
PY
done

# tally ingest: 100,000 distinct articles (the fixtures corpus's, each made unique,
# since a repeated text is stored once) into a fresh SQLite store; then a filtered
# query. Fixtures, not ../shared: the query is made for their countries and dates.
ingest=build/bench-ingest.jsonl
[ -s "$fixtures" ] || python3 bench/gen_corpus.py "$fixtures" 50
[ -s "$ingest" ] || python3 - "$fixtures" "$ingest" "${BENCH_INGEST:-100000}" <<'PY'
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
    t=${t%% *}
    best=$(python3 -c "import sys; a = sys.argv[1:]; print(min(float(x) for x in a if x))" "$t" $best)
done
python3 - "$ingest" $res "$best" "$q" <<'PY'
import os, sqlite3, sys
# wall time here: the store's writes wait on the disk
path, secs, rss, qsecs, q = sys.argv[1], float(sys.argv[2]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
n = sum(1 for _ in open(path, encoding="utf-8"))
db = sqlite3.connect("build/bench.db")
arts, reps, incs = (db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "reports", "incidents"))
print(f"tally ingest (fixtures): {n} articles ({arts} stored, {reps} reports, merged into {incs} incidents) in {secs:.2f} s on one core: "
      f"{n / secs:.0f} articles/s, {os.path.getsize(path) / 1e6 / secs:.1f} MB/s, peak RSS {rss / 1024:.1f} MB, "
      f"store {os.path.getsize('build/bench.db') / 1e6:.0f} MB")
print(f"tally incidents {q}: {qsecs * 1000:.0f} ms (best of 5, process start included)")
PY
