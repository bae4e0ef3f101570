#!/bin/sh
# The Rust compile step (runs as root with CHOWN/SETUID/SETGID/KILL). Usage: compile.sh process|in_process
# It moves the judge-only files (meta.txt, judge.rs: root 0400) into /work/judge (root:64000 0770) and the
# candidate's only file, cand.rs, into /work/cand (65534 0700) BEFORE anything is compiled, then compiles the judge
# (the tests and the entry point's stubs, `rustc --test`) as uid 64000 and the candidate with its call server as
# uid 65534, in parallel. The candidate's compiler cannot read the tests or the nonce, so include_str! of them fails.
# In the in-process fallback cand.rs holds the tests too (one crate); it is deleted once compiled.
set -u
mode=${1:-process}
d=/opt/arbiter/rust
# Measured per candidate (docs/sandbox.md): most of a build is the link of std, libtest and the crates. The linker
# drops their debuginfo (-C strip=debuginfo: panic locations are compiled in, not read from DWARF) and is LLVM's lld
# (-fuse-ld=lld, found through -B), not ld.bfd. One codegen unit: at -O0 the default 16 cost more CPU than they
# save in wall time on one CPU. No dynamic std: each test starts the candidate afresh.
rustc_="rustc --edition=2021 -C debuginfo=0 -C opt-level=0 -C codegen-units=1 --cap-lints allow -L dependency=$d/deps"
rustc_="$rustc_ -C strip=debuginfo -C link-arg=-fuse-ld=lld -C link-arg=-B/usr/lib/llvm-14/bin"
rustc_="$rustc_ --extern rand=$d/librand.rlib --extern regex=$d/libregex.rlib --extern md5=$d/libmd5.rlib"
rustc_="$rustc_ --extern arbiter_wire=$d/libarbiter_wire.rlib"
mkdir -m 0770 /work/judge /work/cand || exit 125
mv /work/meta.txt /work/judge/ || exit 125
mv /work/cand.rs /work/cand/ || exit 125
chmod 0700 /work/cand && chown 0:64000 /work/judge && chown -R 65534:65534 /work/cand || exit 125
if [ -e /work/judge.rs ]; then mv /work/judge.rs /work/judge/ && chown 64000:64000 /work/judge/judge.rs || exit 125; fi
as() { uid=$1; dir=$2; shift 2; TMPDIR="$dir" HOME="$dir" setpriv --reuid="$uid" --regid="$uid" \
  --clear-groups --inh-caps=-all --bounding-set=-all sh -c 'cd "$0" && exec "$@"' "$dir" "$@"; }
if [ "$mode" = process ]; then
  as 64000 /work/judge $rustc_ --test -o judge judge.rs & judge=$!
  as 65534 /work/cand $rustc_ --crate-type bin -o prog cand.rs & cand=$!
  wait $judge; j=$?
  wait $cand; c=$?
  [ $j -eq 0 ] || echo "(the tests did not compile against the entry point's declared signature)" >&2
  [ $j -eq 0 ] && [ $c -eq 0 ]
else
  as 65534 /work/cand sh -c "$rustc_ --test -o prog cand.rs; rc=\$?; rm -f cand.rs; exit \$rc"
fi
