#!/usr/bin/env bash
# The runs the committed leaderboard screenshots (docs/leaderboard/) are built from: issue 16's set, every row on the
# same test rows (--limit "$LIMIT", the first N of each split) so that rows compare, one thread each.
#   bash benchmarks/leaderboard_runs.sh [OUT=runs/board] [LIMIT=20]
# then: edgebench leaderboard build runs/board/* --out site/
set -euo pipefail
OUT=${1:-runs/board}
LIMIT=${2:-20}
EB=${EB:-.venv/bin/edgebench}
ALL=edge_intent_50,edge_spam,edge_toxicity,edge_pii,edge_json,edge_funccall
run() { name=$1; shift; [ -f "$OUT/$name/results.json" ] && { echo "$name: done"; return; }
        echo "$name: $*"; "$EB" run "$@" --limit "$LIMIT" --threads 1 --log-samples --no-progress --output-path "$OUT/$name"; }
run smollm2-fp32      --model hf:SmolLM2-135M-Instruct --dtype float32 --tasks "$ALL"
run smollm2-int8      --model hf:SmolLM2-135M-Instruct --dtype int8 --tasks "$ALL"
run smollm2-q4_1      --model llamacpp:SmolLM2-135M-Instruct --tasks "$ALL"
run sklearn-tfidf-lr  --model sklearn:tfidf-lr --tasks edge_intent_50,edge_spam,edge_toxicity
run example-keyword   --model keyword:sentiment --tasks example_sentiment
run cyclecore-intent  --model hf:CycleCore-MLM-135M-Intent --tasks edge_intent_50
run cyclecore-intent-int8 --model hf:CycleCore-MLM-135M-Intent --dtype int8 --tasks edge_intent_50
run cyclecore-filter  --model hf:CycleCore-MLM-135M-Filter --tasks edge_spam,edge_toxicity
for extra in "${@:3}"; do   # more CycleCore specs, e.g. hf:CycleCore-NLM-5M-Filter=edge_spam,edge_toxicity,edge_pii
  run "cyclecore-$(echo "${extra%%=*}" | sed 's/.*CycleCore-//' | tr 'A-Z' 'a-z')" --model "${extra%%=*}" --tasks "${extra#*=}"
done
