#!/usr/bin/env python3
"""The orchestrator's loop against a running service, as a user would script it: route three similar tasks, verify
each answer with /v1/verify-and-route (which records the outcome), then — after you restart the service (or, with
--restart-cmd, after this script kills and restarts it) — route a fourth similar task and print the memory
neighbours its decision shows.

    ./arbiter serve &                       # in another terminal
    python3 load-tests/routing_session.py --phase before
    # stop the service any way you like (kill -9 included), start it again, then:
    python3 load-tests/routing_session.py --phase after
"""
import argparse
import json
import sys
import urllib.request

TASKS = [
    ("session/reverse-singly", "Reverse a singly linked list in place and return the new head."),
    ("session/reverse-doubly", "Reverse a doubly linked list in place."),
    ("session/middle-node", "Return the middle node of a linked list."),
]


def call(base, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"},
                                 method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        sys.exit(f"{path}: HTTP {e.code}: {e.read().decode()}")


def before(base):
    for task_id, prompt in TASKS:
        decision = call(base, "/v1/route", {"task": {"id": task_id, "dimension": "algorithm", "language": "python",
                                                      "prompt": prompt}})
        print(f"route {task_id}: chose {decision['model']} (decision {decision['decisionId']})")
        outcome = call(base, "/v1/verify-and-route", {
            "decisionId": decision["decisionId"], "model": decision["model"], "cost": 0.001,
            "task": {"id": task_id, "dimension": "algorithm", "language": "python",
                     "prompt": "def f():\n    \"\"\"Return 1.\"\"\"\n",
                     "tests": "def check(candidate):\n    assert candidate() == 1\n\ncheck(f)\n", "entryPoint": "f"},
            "response": {"text": "```python\ndef f():\n    return 1\n```"}})
        print(f"  verified: {outcome['verdict']['status']} (confidence {outcome['verdict']['confidence']}), "
              f"recorded experience #{outcome['recorded']['experience']}, done={outcome['done']}")


def after(base):
    decision = call(base, "/v1/route", {"task": {"id": "session/reverse-again", "dimension": "algorithm",
                                                  "language": "python",
                                                  "prompt": "Reverse a linked list in place and return its head."}})
    print(f"route session/reverse-again: chose {decision['model']}")
    for n in decision["evidence"].get("neighbours") or []:
        print(f"  neighbour {n['taskId']}: {n['model']} scored {n['score']} at ${n['cost']} (similarity {n['similarity']})")
    for v in decision["evidence"]["voters"]:
        print(f"  voter {v['voter']}: weight {v['weight']}, would choose {v['choice']}")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://localhost:8080")
    p.add_argument("--phase", choices=["before", "after"], required=True)
    a = p.parse_args()
    before(a.base) if a.phase == "before" else after(a.base)
