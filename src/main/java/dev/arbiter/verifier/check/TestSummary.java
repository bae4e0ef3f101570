package dev.arbiter.verifier.check;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts tests from the summary a test command prints: Python unittest ("Ran 5 tests" ... "FAILED (failures=1)"),
 * pytest ("3 passed, 1 failed"), Go ("--- PASS" / "--- FAIL" lines) and TAP-like "# pass N / # fail N" (node --test).
 */
final class TestSummary {
    private static final Pattern UNITTEST_RAN = Pattern.compile("(?m)^Ran (\\d+) tests? in ");
    private static final Pattern UNITTEST_BAD = Pattern.compile("(failures|errors|skipped)=(\\d+)");
    private static final Pattern PYTEST = Pattern.compile("(?m)^=*\\s*(?:\\d+ \\w+, )*?(\\d+) (passed|failed)[^\\n]*in [\\d.]+s");
    private static final Pattern PYTEST_COUNT = Pattern.compile("(\\d+) (passed|failed|errors?|skipped)");
    private static final Pattern GO = Pattern.compile("(?m)^\\s*--- (PASS|FAIL|SKIP): ");
    private static final Pattern TAP = Pattern.compile("(?m)^# (pass|fail|skipped|todo) (\\d+)$");

    private TestSummary() {
    }

    record Counts(int passed, int total) {
    }

    static Optional<Counts> parse(String output) {
        String out = output.length() > 200_000 ? output.substring(output.length() - 200_000) : output;
        Matcher ran = UNITTEST_RAN.matcher(out);
        if (ran.find()) {
            int total = Integer.parseInt(ran.group(1));
            int bad = 0;
            Matcher m = UNITTEST_BAD.matcher(out.substring(ran.end()));
            while (m.find()) {
                bad += Integer.parseInt(m.group(2));
            }
            return Optional.of(new Counts(Math.max(0, total - bad), total));
        }
        Matcher py = PYTEST.matcher(out);
        if (py.find()) {
            int passed = 0;
            int total = 0;
            Matcher m = PYTEST_COUNT.matcher(py.group());
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                total += n;
                passed += m.group(2).equals("passed") ? n : 0;
            }
            return Optional.of(new Counts(passed, total));
        }
        int passed = 0;
        int total = 0;
        Matcher go = GO.matcher(out);
        while (go.find()) {
            total++;
            passed += go.group(1).equals("PASS") ? 1 : 0;
        }
        Matcher tap = TAP.matcher(out);
        while (tap.find()) {
            int n = Integer.parseInt(tap.group(2));
            total += n;
            passed += tap.group(1).equals("pass") ? n : 0;
        }
        return total > 0 ? Optional.of(new Counts(passed, total)) : Optional.empty();
    }
}
