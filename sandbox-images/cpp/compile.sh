#!/bin/sh
# The C++ compile step (runs as root with CHOWN/SETUID/SETGID/KILL). Usage: compile.sh process|in_process
# It moves the judge-only files (meta.txt, judge.cpp: root 0400) into /work/judge (root:64000 0770) and the
# candidate's only file, cand.cpp, into /work/cand (65534 0700) BEFORE anything is compiled, then compiles the
# judge as uid 64000 and the candidate as uid 65534, in parallel (two cores). The candidate's compiler can read
# neither the tests nor the nonce, so `.incbin` or `#include "/work/..."` of them fails.
set -u
mode=${1:-process}
cxx="g++ -std=c++17 -O0"
# Both programs link with gold, not ld.bfd: measured a third of the link's CPU (docs/sandbox.md).
ld=-fuse-ld=gold
# The candidate's precompiled header: cand.cpp is the boundary's `#define main ...` line, then the candidate's
# source. The longest key in /opt/arbiter/cpp/pch that is a prefix of the source's opening directives (only
# `#include <h>` and `using namespace std;` lines, with blank lines and whole-line comments between them; anything
# else ends the opening, so does anything this awk is not sure of) is force-included before the first line. That
# is the same program: those lines would have come first anyway, their headers are include-guarded, and no header
# in a PCH mentions `main` (checked at image build). No key, or a .gch g++ finds invalid: the plain compile.
pch() {
  awk 'NR == 1 { next }
    inc { p = index($0, "*/"); if (!p) next; if (substr($0, p + 2) !~ /^[ \t\r]*$/) exit; inc = 0; next }
    /\\[ \t\r]*$/ { exit }
    /^[ \t\r]*$/ || /^[ \t]*\/\// { next }
    /^[ \t]*\/\*/ { sub(/^[ \t]*\/\*/, ""); p = index($0, "*/"); if (!p) { inc = 1; next }
      if (substr($0, p + 2) ~ /^[ \t\r]*$/) next; exit }
    /^[ \t]*#[ \t]*include[ \t]*<[A-Za-z0-9_]+(\.h)?>[ \t\r]*$/ { h = $0; sub(/^[^<]*</, "", h); sub(/>.*/, "", h)
      k = k (k == "" ? "" : ",") h; print k; next }
    /^[ \t]*using[ \t]+namespace[ \t]+std[ \t]*;[ \t\r]*$/ { k = k (k == "" ? "" : ",") "using"; print k; next }
    { exit }' "$1" | while read -r k; do [ -f "/opt/arbiter/cpp/pch/$k.hpp.gch" ] && echo "-include /opt/arbiter/cpp/pch/$k.hpp"; done | tail -n 1
}
mkdir -m 0770 /work/judge /work/cand || exit 125
mv /work/meta.txt /work/judge.cpp /work/judge/ || exit 125
# Read while root can (in /work/cand, 65534's 0700, it cannot: no DAC_OVERRIDE).
pre=$(pch /work/cand.cpp)
mv /work/cand.cpp /work/cand/ || exit 125
chmod 0700 /work/cand && chown 64000:64000 /work/judge/judge.cpp && chown 0:64000 /work/judge \
  && chown -R 65534:65534 /work/cand || exit 125
as() { uid=$1; dir=$2; shift 2; TMPDIR="$dir" HOME="$dir" setpriv --reuid="$uid" --regid="$uid" \
  --clear-groups --inh-caps=-all --bounding-set=-all sh -c 'cd "$0" && exec "$@"' "$dir" "$@"; }
if [ "$mode" = process ]; then
  as 64000 /work/judge $cxx $ld -o judge judge.cpp /opt/arbiter/cpp/wire-io.o -lcrypto & judge=$!
  as 65534 /work/cand $cxx $pre $ld -o prog cand.cpp /opt/arbiter/cpp/wire-io.o -lcrypto & cand=$!
  wait $judge; j=$?
  wait $cand; c=$?
else
  as 64000 /work/judge $cxx -c -o judge.o judge.cpp & judge=$!
  as 65534 /work/cand $cxx $pre -c -o cand.o cand.cpp & cand=$!
  wait $judge; j=$?
  wait $cand; c=$?
  if [ $j -eq 0 ] && [ $c -eq 0 ]; then
    # Linked only after the candidate's own compilation is over: its compiler never saw the tests.
    mkdir -m 0755 /work/link && cp /work/judge/judge.o /work/link/judge.o && chmod 0444 /work/link/judge.o || exit 125
    as 65534 /work/cand $cxx $ld -o prog cand.o /work/link/judge.o /opt/arbiter/cpp/harness.o -lcrypto; c=$?
  fi
fi
[ $j -eq 0 ] || echo "(the tests did not compile against the entry point's declared signature)" >&2
[ $j -eq 0 ] && [ $c -eq 0 ]
