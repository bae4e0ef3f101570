#!/bin/sh
# The C++ compile step (runs as root with CHOWN/SETUID/SETGID/KILL). Usage: compile.sh process|in_process
# It moves the judge-only files (meta.txt, judge.cpp: root 0400) into /work/judge (root:64000 0770) and the
# candidate's only file, cand.cpp, into /work/cand (65534 0700) BEFORE anything is compiled, then compiles the
# judge as uid 64000 and the candidate as uid 65534, in parallel (two cores). The candidate's compiler can read
# neither the tests nor the nonce, so `.incbin` or `#include "/work/..."` of them fails.
set -u
mode=${1:-process}
cxx="g++ -std=c++17 -O0"
mkdir -m 0770 /work/judge /work/cand || exit 125
mv /work/meta.txt /work/judge.cpp /work/judge/ || exit 125
mv /work/cand.cpp /work/cand/ || exit 125
chmod 0700 /work/cand && chown 64000:64000 /work/judge/judge.cpp && chown 0:64000 /work/judge \
  && chown -R 65534:65534 /work/cand || exit 125
as() { uid=$1; dir=$2; shift 2; TMPDIR="$dir" HOME="$dir" setpriv --reuid="$uid" --regid="$uid" \
  --clear-groups --inh-caps=-all --bounding-set=-all sh -c 'cd "$0" && exec "$@"' "$dir" "$@"; }
if [ "$mode" = process ]; then
  as 64000 /work/judge $cxx -o judge judge.cpp /opt/arbiter/cpp/wire-io.o -lcrypto & judge=$!
  as 65534 /work/cand $cxx -o prog cand.cpp /opt/arbiter/cpp/wire-io.o -lcrypto & cand=$!
  wait $judge; j=$?
  wait $cand; c=$?
else
  as 64000 /work/judge $cxx -c -o judge.o judge.cpp & judge=$!
  as 65534 /work/cand $cxx -c -o cand.o cand.cpp & cand=$!
  wait $judge; j=$?
  wait $cand; c=$?
  if [ $j -eq 0 ] && [ $c -eq 0 ]; then
    # Linked only after the candidate's own compilation is over: its compiler never saw the tests.
    mkdir -m 0755 /work/link && cp /work/judge/judge.o /work/link/judge.o && chmod 0444 /work/link/judge.o || exit 125
    as 65534 /work/cand $cxx -o prog cand.o /work/link/judge.o /opt/arbiter/cpp/harness.o -lcrypto; c=$?
  fi
fi
[ $j -eq 0 ] || echo "(the tests did not compile against the entry point's declared signature)" >&2
[ $j -eq 0 ] && [ $c -eq 0 ]
