#!/bin/sh
# make bench: generate a corpus of at least 50 MB from the project's own
# fixtures, then measure on one core: the text layer alone, and tally code.
set -eu
corpus=build/bench-corpus.jsonl
[ -s "$corpus" ] || python3 bench/gen_corpus.py "$corpus" "${BENCH_MB:-50}"
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
$pin ./build/bench_text text "$corpus"
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
arts = sents = incs = 0
for line in open("build/bench-out.jsonl", encoding="utf-8"):
    o = json.loads(line)
    arts += 1
    sents += o["doc"].get("sentences", 0)
    incs += len(o["incidents"])
mb = os.path.getsize(corpus) / 1e6
print(f"tally code: {arts} articles, {sents} sentences, {incs} incidents in {secs:.2f} s on one core: "
      f"{arts / secs:.0f} articles/s, {sents / secs:.0f} sentences/s, {mb / secs:.1f} MB/s, peak RSS {rss / 1024:.1f} MB")
PY
