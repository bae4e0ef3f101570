#!/usr/bin/env python3
"""Writes HumanEvalPack (Python) as batch-scoring input: for each of the 164 problems, its canonical solution (as
model "canonical") and its buggy solution (as model "buggy") — 328 lines for `./arbiter score`.

    python3 load-tests/humanevalpack_responses.py ../shared/datasets > /tmp/hep-python.jsonl
    ./arbiter score --in /tmp/hep-python.jsonl --out /tmp/hep-verdicts.jsonl
"""
import glob
import json
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets"
files = glob.glob(os.path.join(root, "humanevalpack", "python", "**", "*.jsonl"), recursive=True)
if not files:
    sys.exit(f"no HumanEvalPack Python data under {root}")
with open(files[0], encoding="utf-8") as f:
    for line in f:
        p = json.loads(line)
        task = {"id": p["task_id"], "dimension": "code_completion", "language": "python", "prompt": p["prompt"],
                "tests": p.get("test_setup", "") + p["test"], "entryPoint": p["entry_point"]}
        for model, body in (("canonical", p["canonical_solution"]), ("buggy", p["buggy_solution"])):
            print(json.dumps({"id": f"{p['task_id']}|{model}", "task": task, "model": model, "response": body}))
