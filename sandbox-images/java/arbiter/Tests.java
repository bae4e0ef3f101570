package arbiter;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a test class the way Arbiter always has: its public no-argument JUnit 4/5 {@code @Test} methods in name order,
 * each on its own thread with a fresh instance, its @Before/@After methods and a time budget; or its main when it
 * has none. An ignored test counts as failed. The outcome of a test thread is held by a FutureTask that only this
 * method references (the thread's target is a private field of java.base, closed to reflection), never by a field
 * that code on the test thread could clear.
 */
public final class Tests {
    public record Outcome(String name, String outcome, String message, double ms) {
    }

    private Tests() {
    }

    public static List<Method> junit(Class<?> tests) {
        List<Method> found = new ArrayList<>();
        for (Method m : tests.getMethods()) {
            if (annotation(m, "Test") != null && m.getParameterCount() == 0) {
                found.add(m);
            }
        }
        found.sort(Comparator.comparing(Method::getName));
        return found;
    }

    public static Outcome runMain(Class<?> tests, long budgetMs, Runnable onTimeout) {
        return run(tests.getName() + ".main", null, budgetMs, onTimeout, () -> {
            Method main = tests.getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        });
    }

    public static Outcome runJUnit(Class<?> tests, Method test, long budgetMs, Runnable onTimeout) {
        String name = tests.getName() + "." + test.getName();
        if (annotation(test, "Ignore") != null || annotation(test, "Disabled") != null) {
            return new Outcome(name, "skipped", "skipped tests count as failed", 0);
        }
        return run(name, expected(annotation(test, "Test")), budgetMs, onTimeout, () -> {
            Object instance = tests.getDeclaredConstructor().newInstance();
            invokeAll(instance, tests, "Before", "BeforeEach");
            try {
                test.invoke(instance);
            } finally {
                invokeAll(instance, tests, "After", "AfterEach");
            }
        });
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Outcome run(String name, Class<?> expected, long budgetMs, Runnable onTimeout, Body body) {
        long started = System.nanoTime();
        FutureTask<Throwable> task = new FutureTask<>(() -> {
            try {
                body.run();
                return null;
            } catch (InvocationTargetException e) {
                return e.getCause();
            } catch (Throwable e) {
                return e;
            }
        });
        Thread runner = new Thread(task, "arbiter-test");
        runner.setDaemon(true);
        runner.start();
        Throwable thrown;
        try {
            thrown = task.get(budgetMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            onTimeout.run();
            return new Outcome(name, "timeout", "exceeded " + budgetMs / 1000 + "s", ms(started));
        } catch (ExecutionException e) {
            thrown = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thrown = e;
        }
        String outcome;
        String message = null;
        if (thrown == null) {
            outcome = expected == null ? "passed" : "failed";
            message = expected == null ? null : "expected " + expected.getName() + " to be thrown";
        } else if (expected != null && expected.isInstance(thrown)) {
            outcome = "passed";
        } else {
            outcome = thrown instanceof AssertionError ? "failed" : "error";
            message = thrown.toString();
        }
        return new Outcome(name, outcome, message, ms(started));
    }

    private static double ms(long started) {
        return Math.round((System.nanoTime() - started) / 1e4) / 100.0;
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
}
