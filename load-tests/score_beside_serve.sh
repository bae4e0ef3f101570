#!/usr/bin/env bash
# `./arbiter score` beside a running `./arbiter serve` (same machine, same checkout), then the same scoring alone:
# both green, the service healthy throughout, the verdicts compared one by one. Reads HumanEvalPack Python from
# ../shared/datasets (see README, Data). Usage: load-tests/score_beside_serve.sh [PORT]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PORT=${1:-18090}
WORK=$(mktemp -d)
python3 load-tests/humanevalpack_responses.py ../shared/datasets > "$WORK/in.jsonl"
ARBITER_PORT=$PORT ./arbiter serve > "$WORK/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "localhost:$PORT/q/health/ready" && break; sleep 1; done
echo "service ready: $(curl -s -o /dev/null -w '%{http_code}' "localhost:$PORT/q/health/ready")"
start=$(date +%s%N)
./arbiter score --in "$WORK/in.jsonl" --out "$WORK/beside.jsonl" --mode shared > /dev/null
echo "score beside serve: $(( ($(date +%s%N) - start) / 1000000 )) ms; service: $(curl -s -o /dev/null -w '%{http_code}' "localhost:$PORT/q/health/ready")"
kill $SERVE; wait $SERVE 2>/dev/null || true
start=$(date +%s%N)
./arbiter score --in "$WORK/in.jsonl" --out "$WORK/alone.jsonl" --mode shared > /dev/null
echo "score alone: $(( ($(date +%s%N) - start) / 1000000 )) ms"
python3 - "$WORK/beside.jsonl" "$WORK/alone.jsonl" <<'PY'
import json, sys
def load(path):
    out = {}
    for line in open(path):
        row = json.loads(line); v = row["verdict"]; t = v.get("tests") or {}
        out[row["id"]] = (v["status"], v["reason"], v["confidence"], t.get("passed"), t.get("total"))
    return out
beside, alone = load(sys.argv[1]), load(sys.argv[2])
same = sum(1 for k, v in beside.items() if alone.get(k) == v)
print(f"verdicts: beside {len(beside)}, alone {len(alone)}, identical {same}")
for k, v in beside.items():
    if alone.get(k) != v:
        print("  differ:", k, v, alone.get(k))
sys.exit(0 if same == len(beside) == len(alone) else 1)
PY
