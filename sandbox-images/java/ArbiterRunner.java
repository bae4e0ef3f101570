import java.io.FileDescriptor;
import java.lang.annotation.Annotation;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * Arbiter's Java test runner, run inside the sandbox. Reads /work/meta.properties (nonce, test class) and deletes it
 * before any candidate class loads, keeps the original stdout as the private report channel and sends the candidate's
 * System.out to stderr. Reports "@@nonce {json}" lines: start, one per JUnit @Test method of the test class (or one
 * for its main when it has none), end. Exits with
 * Runtime.halt so that candidate shutdown hooks and threads cannot add to or hold up the report.
 */
public final class ArbiterRunner {
    public static void main(String[] args) throws Exception {
        Path metaFile = Path.of("/work/meta.properties");
        Properties meta = new Properties();
        try (var in = Files.newInputStream(metaFile)) {
            meta.load(in);
        }
        Files.delete(metaFile);
        String nonce = meta.getProperty("nonce");
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        emit(report, nonce, "{\"t\":\"start\"}");
        String testClass = meta.getProperty("testClass", "Main");
        long budgetMs = Long.parseLong(meta.getProperty("testTimeoutSeconds", "5")) * 1000;
        Class<?> tests;
        try {
            tests = Class.forName(testClass);
        } catch (Throwable e) {
            emit(report, nonce, "{\"t\":\"load\",\"ok\":false,\"message\":" + quote(e.toString()) + "}");
            emit(report, nonce, "{\"t\":\"end\",\"total\":1,\"passed\":0}");
            report.flush();
            Runtime.getRuntime().halt(0);
            return;
        }
        List<Method> junit = junitTests(tests);
        int passed = 0;
        if (junit.isEmpty()) {
            passed += runMain(report, nonce, tests) ? 1 : 0;
        } else {
            for (Method test : junit) {
                passed += runJUnit(report, nonce, tests, test, budgetMs) ? 1 : 0;
            }
        }
        emit(report, nonce, "{\"t\":\"end\",\"total\":" + Math.max(1, junit.size()) + ",\"passed\":" + passed + "}");
        report.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    private static boolean runMain(PrintStream report, String nonce, Class<?> tests) {
        long started = System.nanoTime();
        String outcome = "passed";
        String message = null;
        try {
            Method main = tests.getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            outcome = cause instanceof AssertionError ? "failed" : "error";
            message = cause.toString();
        } catch (Throwable e) {
            outcome = "error";
            message = e.toString();
        }
        testLine(report, nonce, tests.getName() + ".main", outcome, message, started);
        return "passed".equals(outcome);
    }

    /** Public void no-argument methods annotated @Test (JUnit 4 or 5), in name order. */
    private static List<Method> junitTests(Class<?> tests) {
        List<Method> found = new ArrayList<>();
        for (Method m : tests.getMethods()) {
            if (annotation(m, "Test") != null && m.getParameterCount() == 0) {
                found.add(m);
            }
        }
        found.sort(Comparator.comparing(Method::getName));
        return found;
    }

    private static Annotation annotation(Method m, String simpleName) {
        for (Annotation a : m.getAnnotations()) {
            String n = a.annotationType().getName();
            if (n.equals("org.junit." + simpleName) || n.equals("org.junit.jupiter.api." + simpleName)) {
                return a;
            }
        }
        return null;
    }

    /**
     * One JUnit test on its own thread with a fresh instance, its @Before and @After methods and the time budget. An
     * @Ignore'd test is reported as failed: a skipped test proves nothing. An `expected` exception counts as a pass.
     */
    private static boolean runJUnit(PrintStream report, String nonce, Class<?> tests, Method test, long budgetMs) {
        long started = System.nanoTime();
        String name = tests.getName() + "." + test.getName();
        if (annotation(test, "Ignore") != null || annotation(test, "Disabled") != null) {
            testLine(report, nonce, name, "skipped", "skipped tests count as failed", started);
            return false;
        }
        Class<?> expected = expected(annotation(test, "Test"));
        Throwable[] thrown = new Throwable[1];
        Thread runner = new Thread(() -> {
            try {
                Object instance = tests.getDeclaredConstructor().newInstance();
                invokeAll(instance, tests, "Before", "BeforeEach");
                try {
                    test.invoke(instance);
                } finally {
                    invokeAll(instance, tests, "After", "AfterEach");
                }
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "arbiter-test");
        runner.setDaemon(true);
        runner.start();
        try {
            runner.join(budgetMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String outcome;
        String message = null;
        if (runner.isAlive()) {
            outcome = "timeout";
            message = "exceeded " + budgetMs / 1000 + "s";
        } else if (thrown[0] == null) {
            outcome = expected == null ? "passed" : "failed";
            message = expected == null ? null : "expected " + expected.getName() + " to be thrown";
        } else if (expected != null && expected.isInstance(thrown[0])) {
            outcome = "passed";
        } else {
            outcome = thrown[0] instanceof AssertionError ? "failed" : "error";
            message = thrown[0].toString();
        }
        testLine(report, nonce, name, outcome, message, started);
        return "passed".equals(outcome);
    }

    private static Class<?> expected(Annotation test) {
        try {
            Object value = test.annotationType().getMethod("expected").invoke(test);
            return value instanceof Class<?> c && !c.getName().equals("org.junit.Test$None") ? c : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static void invokeAll(Object instance, Class<?> tests, String junit4, String junit5) throws Exception {
        for (Method m : tests.getMethods()) {
            if ((annotation(m, junit4) != null || annotation(m, junit5) != null) && m.getParameterCount() == 0) {
                m.invoke(instance);
            }
        }
    }

    private static void testLine(PrintStream report, String nonce, String name, String outcome, String message,
            long started) {
        double ms = (System.nanoTime() - started) / 1e6;
        emit(report, nonce, "{\"t\":\"test\",\"name\":" + quote(name) + ",\"outcome\":\"" + outcome
                + "\",\"message\":" + quote(message) + ",\"ms\":" + Math.round(ms * 100) / 100.0 + "}");
    }

    private static void emit(PrintStream report, String nonce, String json) {
        report.println("@@" + nonce + " " + json);
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        if (s.length() > 500) {
            s = s.substring(0, 500);
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
