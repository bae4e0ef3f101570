#!/bin/sh
# Arbiter's Java runner steps. Each starts as root with only CHOWN/SETUID/SETGID/KILL and drops privileges itself.
#   compile: /work/judge (root, 0700) gets the judge-only files (meta.properties, <TestClass>.java: the tests, plus the
#            generated stubs in process mode); /work/cand (uid 65534, 0700) gets ONLY Candidate.java, compiled there
#            as uid 65534 before anything else can run. In process mode the judge's classes are compiled without any
#            candidate class; in the fallback the tests are compiled against the candidate's classes into /work/run.
#   run:     the judge (arbiter.Judge, root) writes the report on stdout; candidate processes never hold that fd.
set -u
W=/work; J=$W/judge; C=$W/cand; R=$W/run
JUNIT=/usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar
# Root here has no CAP_DAC_OVERRIDE: it cannot enter /work/cand (65534, 0700), so the candidate's uid does that.
DROP="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all -- sh -c"
IN_CAND='cd /work/cand && exec "$@"' 
# Both start from CDS archives built with the image (Dockerfile): javac's classes, and the runner's with JUnit's.
JAVAC="javac -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-XX:-UsePerfData -J-XX:SharedArchiveFile=/opt/arbiter/javac.jsa -J-Xlog:cds=off -J-Xlog:cds+dynamic=off -nowarn -proc:none -implicit:none -encoding UTF-8"
JAVA="java -ea -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:SharedArchiveFile=/opt/arbiter/app.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -Xss16m -Djava.io.tmpdir=$J"
case "${1:-}" in
compile)
  umask 077
  mkdir -m 0700 "$J" "$C" || exit 70
  tc=$(sed -n 's/^testClass=\([A-Za-z_$][A-Za-z0-9_$]*\)$/\1/p' "$W/meta.properties")
  [ -n "$tc" ] || exit 70
  mv "$W/meta.properties" "$W/$tc.java" "$J/" || exit 70
  mv "$W/Candidate.java" "$C/" && mkdir "$C/classes" && chown -R 65534:65534 "$C" || exit 70
  mode=$(sed -n 's/^mode=//p' "$J/meta.properties")
  if [ "$mode" = process ]; then
    # The judge's side needs no candidate class, so both compile at once.
    (cd "$J" && exec $JAVAC -cp "/opt/arbiter/arbiter.jar:$JUNIT" -d "$J/classes" "$tc.java" > "$J/javac.log" 2>&1) &
    judge=$!
    $DROP "$IN_CAND" sh $JAVAC -cp "$JUNIT" -d "$C/classes" Candidate.java >&2 2>&1
    cand=$?
    wait $judge; judged=$?
    [ $cand -eq 0 ] || exit $cand
    if [ $judged -ne 0 ]; then echo "the tests do not compile against the candidate's signatures:" >&2; cat "$J/javac.log" >&2; exit $judged; fi
  else
    $DROP "$IN_CAND" sh $JAVAC -cp "$JUNIT" -d "$C/classes" Candidate.java >&2 2>&1 || exit $?
    # The fallback runs tests and candidate in one JVM at the candidate's uid, so the compiled tests are readable by
    # that uid anyway; it compiles them too (root cannot read the candidate's classes). No candidate code runs here.
    mkdir -m 0755 "$R" "$R/src" "$R/tests" && cp "$J/$tc.java" "$R/src/" && chmod 0444 "$R/src/$tc.java" \
      && chown 65534:65534 "$R/tests" || exit 70
    $DROP 'cd /work/run && exec "$@"' sh $JAVAC -cp "/opt/arbiter/arbiter.jar:$JUNIT:$C/classes" -d "$R/tests" "src/$tc.java" >&2 2>&1
    rc=$?; rm -rf "$R/src"; [ $rc -eq 0 ] || exit $rc
  fi
  ;;
run)
  cd "$J" && exec $JAVA -cp "/opt/arbiter/arbiter.jar:$JUNIT:$J/classes" arbiter.Judge < /dev/null
  ;;
*)
  echo "usage: run.sh compile|run" >&2; exit 64 ;;
esac
