#!/usr/bin/env python3
"""Writes HumanEvalPack as batch-scoring input: for each of the 164 problems of a language (default python), its
canonical solution (as model "canonical") and its buggy solution (as model "buggy") — 328 lines for `./arbiter score`.

    python3 load-tests/humanevalpack_responses.py ../shared/datasets [python|js|java|cpp|go|rust] > /tmp/hep-python.jsonl
    ./arbiter score --in /tmp/hep-python.jsonl --out /tmp/hep-verdicts.jsonl
"""
import glob
import json
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets"
folder = sys.argv[2] if len(sys.argv) > 2 else "python"
language = {"python": "python", "js": "javascript", "java": "java", "cpp": "cpp", "go": "go", "rust": "rust"}[folder]
files = glob.glob(os.path.join(root, "humanevalpack", folder, "**", "*.jsonl"), recursive=True)
if not files:
    sys.exit(f"no HumanEvalPack {folder} data under {root}")
with open(files[0], encoding="utf-8") as f:
    for line in f:
        p = json.loads(line)
        task = {"id": p["task_id"], "dimension": "code_completion", "language": language, "prompt": p["prompt"],
                "tests": p.get("test_setup", "") + p["test"], "entryPoint": p["entry_point"]}
        for model, body in (("canonical", p["canonical_solution"]), ("buggy", p["buggy_solution"])):
            print(json.dumps({"id": f"{p['task_id']}|{model}", "task": task, "model": model, "response": body}))
