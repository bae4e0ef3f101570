package arbiter;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Arbiter's Java judge: runs as root (with only the container's CAP_SETUID/SETGID/KILL) and holds the nonce, the
 * tests and the report channel (its stdout), none of which any candidate process can reach. Two modes, chosen by the
 * verifier and written in the judge-only meta file:
 * <ul>
 * <li>{@code process}: the test classes run here, against generated stubs of the candidate's classes; every call
 * goes to the candidate JVM ({@link CallServer}, uid 65534) as plain data ({@link Calls}). No candidate code is on
 * this JVM's class path.</li>
 * <li>{@code in_process} (fallback): the tests need the candidate's classes themselves, so test and candidate run
 * together in one JVM at uid 65534 ({@link InnerRunner}); the judge supervises it, counts only the tests it expects
 * (from the meta file, not from the candidate's process) and writes the report itself.</li>
 * </ul>
 */
public final class Judge {
    public static void main(String[] args) throws Exception {
        Path metaFile = Path.of(Candidate.WORK, "judge", "meta.properties");
        Properties meta = new Properties();
        try (var in = Files.newInputStream(metaFile)) {
            meta.load(in);
        }
        Files.delete(metaFile);
        String nonce = meta.getProperty("nonce");
        boolean process = "process".equals(meta.getProperty("mode"));
        if (process) {
            Calls.startEarly();
        }
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        String boundary = process ? "\"boundary\":\"process\""
                : "\"boundary\":\"in_process\",\"fallback\":" + Json.quote(meta.getProperty("fallback", "unknown"));
        Report r = new Report(report, nonce, boundary);
        r.emit("{\"t\":\"start\"," + boundary + "}");
        long budgetMs = Long.parseLong(meta.getProperty("testTimeoutSeconds", "5")) * 1000;
        String testClass = meta.getProperty("testClass", "Main");
        List<String> expected = Arrays.stream(meta.getProperty("tests", "").split(",")).filter(s -> !s.isEmpty()).toList();
        int status = process ? judgeHere(r, testClass, budgetMs) : supervise(r, testClass, expected, budgetMs);
        report.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /** The process boundary: tests in this JVM, calls to the candidate's. */
    private static int judgeHere(Report r, String testClass, long budgetMs) {
        Class<?> tests;
        try {
            tests = Class.forName(testClass);
        } catch (Throwable e) {
            r.emit("{\"t\":\"load\",\"ok\":false,\"message\":" + Json.quote(e.toString()) + "}");
            r.end(1, 0);
            return 0;
        }
        List<Method> junit = Tests.junit(tests);
        int passed = 0;
        if (junit.isEmpty()) {
            Calls.during = testClass + ".main";
            passed += r.test(Tests.runMain(tests, budgetMs, Calls::kill)) ? 1 : 0;
        } else {
            for (Method test : junit) {
                Calls.during = testClass + "." + test.getName();
                passed += r.test(Tests.runJUnit(tests, test, budgetMs, Calls::kill)) ? 1 : 0;
            }
        }
        boolean oom = Calls.killedForMemory();
        Calls.kill();
        r.end(Math.max(1, junit.size()), passed);
        return oom ? 255 : 0;
    }

    /**
     * The fallback: one JVM at the candidate's uid runs tests and candidate together. Its lines carry a token it drew
     * before any test or candidate class loaded; only tests the judge expects count, each once; a duplicate is
     * tampering and fails the run; a test it never reported failed.
     */
    private static int supervise(Report r, String testClass, List<String> expected, long budgetMs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("-cp", "/opt/arbiter/arbiter.jar:/usr/share/java/junit4.jar:"
                + "/usr/share/java/hamcrest-core.jar:" + Candidate.WORK + "/run/tests:" + Candidate.DIR + "/classes", "arbiter.InnerRunner",
                testClass, Long.toString(budgetMs)));
        Candidate inner = Candidate.start(cmd);
        inner.out.close();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs * (expected.size() + 1) + 10_000);
        Map<String, String[]> results = new LinkedHashMap<>();
        boolean tampered = false;
        boolean ended = false;
        String current = "load";
        BufferedReader lines = new BufferedReader(new InputStreamReader(inner.in, StandardCharsets.UTF_8));
        Thread watchdog = new Thread(() -> {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0 && !inner.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    inner.kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "arbiter-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String token = null;
        String line;
        while ((line = lines.readLine()) != null) {
            String[] f = line.split(" ", 5);
            if (token == null) {
                if (f.length == 2 && f[0].equals("H")) {
                    token = f[1];
                    continue;
                }
                tampered = true;
                break;
            }
            if (f.length < 2 || !f[1].equals(token)) {
                continue;
            }
            if (f[0].equals("E")) {
                ended = true;
                break;
            }
            if (f[0].equals("R") && f.length == 5) {
                String[] rest = f[4].split("\t", 2);
                String name = rest[0];
                if (!expected.contains(name) || results.containsKey(name)) {
                    tampered = true;
                    break;
                }
                results.put(name, new String[] {f[2], f[3], rest.length > 1 ? rest[1] : ""});
                current = name;
            }
        }
        if (!ended) {
            inner.kill();
        }
        String died = inner.endLine(ended ? null : next(expected, results, current));
        if (died != null && !ended) {
            r.emit(died);
        }
        int passed = 0;
        for (String name : expected) {
            String[] res = results.get(name);
            if (tampered) {
                r.test(new Tests.Outcome(name, "error", "the test process wrote a duplicated or unexpected result", 0));
            } else if (res == null) {
                r.test(new Tests.Outcome(name, ended ? "error" : "failed",
                        ended ? "the test process did not report this test" : "the test process ended before this test finished", 0));
            } else {
                String outcome = List.of("passed", "failed", "error", "timeout", "skipped").contains(res[0]) ? res[0] : "error";
                passed += r.test(new Tests.Outcome(name, outcome, res[2].isEmpty() ? null : unescape(res[2]),
                        parse(res[1]))) ? 1 : 0;
            }
        }
        r.end(expected.size(), passed);
        return inner.killedForMemory() ? 255 : 0;
    }

    private static String next(List<String> expected, Map<String, String[]> results, String current) {
        for (String name : expected) {
            if (!results.containsKey(name)) {
                return name;
            }
        }
        return current;
    }

    private static double parse(String ms) {
        try {
            return Double.parseDouble(ms);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
    }

    /** The report on the judge's stdout: exactly one start, test lines, exactly one end. */
    private record Report(PrintStream out, String nonce, String boundary) {
        void emit(String json) {
            out.println("@@" + nonce + " " + json);
        }

        boolean test(Tests.Outcome o) {
            emit("{\"t\":\"test\",\"name\":" + Json.quote(o.name()) + ",\"outcome\":\"" + o.outcome()
                    + "\",\"message\":" + Json.quote(o.message()) + ",\"ms\":" + o.ms() + "}");
            for (String line : Calls.endedLines()) {
                emit(line);
            }
            return "passed".equals(o.outcome());
        }

        void end(int total, int passed) {
            emit("{\"t\":\"end\",\"total\":" + total + ",\"passed\":" + passed + "," + boundary + "}");
        }
    }
}
