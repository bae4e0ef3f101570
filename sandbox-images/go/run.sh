#!/bin/sh
# Arbiter's Go runner steps. Each starts as root with only CHOWN/SETUID/SETGID/KILL and drops privileges itself.
#   process mode: /work/judge (root, 0700) gets meta.txt and judge_test.go (the tests, the stubs with the
#     candidate's signatures, the prompt's own helpers) and builds the judge's test binary without any candidate
#     code; /work/cand (uid 65534, 0700) gets ONLY cand.go and its generated call server, built there as uid 65534.
#   in_process (fallback): cand.go and the tests build into one test binary as uid 65534 in /work/build (the tests
#     are readable by that uid during the build only; the verifier refused //go:embed and cgo is off, so no
#     candidate code runs or reads files at build time); /opt/arbiter/supervisor runs it once per test.
set -u
W=/work; J=$W/judge; C=$W/cand; B=$W/build
DROP="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all -- sh -c"
# The linker writes no symbol table and no DWARF (-s -w): a quarter less CPU per build, measured (docs/sandbox.md).
# Stack traces, runtime.Caller and testify's file:line come from pclntab, which stays; link flags are not part of
# the compile actions' cache keys, so the warmed build cache still serves every dependency.
case "${1:-}" in
compile)
  umask 077
  # The go command, compiler and linker collect garbage at 3x the live heap instead of 2x (judge and candidate
  # builds together peak near 130 MB, under the 768 MB limit): 6-7% less CPU per compile step, measured. Builds
  # only; the programs run without it.
  export GOGC=200
  mkdir -m 0700 "$J" "$C" || exit 70
  mode=$(sed -n 's/^mode=//p' "$W/meta.txt")
  mv "$W/meta.txt" "$J/" || exit 70
  if [ "$mode" = process ]; then
    mkdir "$J/build" "$J/tmp" && mv "$W/judge_test.go" "$J/build/" \
      && cp /opt/arbiter/arbiter_judge_test.go "$J/build/" && cp /opt/arbiter/arbiter_wire.go "$J/build/arbiter_wire_test.go" \
      || exit 70
    mkdir "$C/tmp" && mv "$W/cand.go" "$W/arbiter_server.go" "$C/" && cp /opt/arbiter/arbiter_wire.go "$C/" \
      && chown -R 65534:65534 "$C" || exit 70
    (cd "$J/build" && TMPDIR="$J/tmp" exec go test -c -vet=off "-ldflags=-s -w" -o "$J/judge.bin" . > "$J/build.log" 2>&1) &
    judge=$!
    $DROP 'cd /work/cand && TMPDIR=/work/cand/tmp exec go build "-ldflags=-s -w" -o /work/cand/cand.bin . 2>&1' >&2
    cand=$?
    wait $judge; judged=$?
    rm -f "$C/cand.go" 2>/dev/null
    [ $cand -eq 0 ] || exit $cand
    if [ $judged -ne 0 ]; then echo "the tests do not compile against the candidate's signatures:" >&2; cat "$J/build.log" >&2; exit $judged; fi
  else
    mkdir -m 0700 "$B" && mkdir -m 0755 "$W/bin" && mkdir "$B/tmp" && mv "$W/cand.go" "$W/judge_test.go" "$B/" \
      && cp /opt/arbiter/arbiter_inproc_test.go "$B/" && chown -R 65534:65534 "$B" "$W/bin" || exit 70
    $DROP 'cd /work/build && TMPDIR=/work/build/tmp go test -c -vet=off "-ldflags=-s -w" -o /work/bin/tests.bin . 2>&1; rc=$?; rm -rf /work/build/*; exit $rc' >&2
  fi
  ;;
run)
  mode=$(sed -n 's/^mode=//p' "$J/meta.txt")
  if [ "$mode" = process ]; then
    cd "$J" && exec "$J/judge.bin" -test.count=1 < /dev/null
  fi
  cd "$J" && exec /opt/arbiter/supervisor < /dev/null
  ;;
*)
  echo "usage: run.sh compile|run" >&2; exit 64 ;;
esac
