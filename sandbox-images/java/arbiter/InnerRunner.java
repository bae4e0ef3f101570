package arbiter;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The fallback's test process (uid 65534, candidate and tests in one JVM, runner and JUnit first on the class
 * path). Writes one line per test to the judge on its original stdout, each with a token drawn before any test or
 * candidate class loads and kept only in local variables; the candidate's System.out goes to stderr. Code in this
 * process can still forge these lines if it finds the token in its own memory: that is why this is the fallback.
 */
public final class InnerRunner {
    public static void main(String[] args) {
        byte[] raw = new byte[16];
        new SecureRandom().nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        PrintStream results = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        results.println("H " + token);
        String testClass = args[0];
        long budgetMs = Long.parseLong(args[1]);
        Class<?> tests;
        try {
            tests = Class.forName(testClass);
        } catch (Throwable e) {
            String name = testClass + ".main";
            results.println("R " + token + " error 0 " + name + "\t" + escape("the tests failed to load: " + e));
            Runtime.getRuntime().halt(0);
            return;
        }
        Runnable onTimeout = () -> {
        };
        List<Method> junit = Tests.junit(tests);
        if (junit.isEmpty()) {
            line(results, token, Tests.runMain(tests, budgetMs, onTimeout));
        } else {
            for (Method test : junit) {
                line(results, token, Tests.runJUnit(tests, test, budgetMs, onTimeout));
            }
        }
        results.println("E " + token);
        results.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void line(PrintStream results, String token, Tests.Outcome o) {
        results.println("R " + token + " " + o.outcome() + " " + o.ms() + " " + o.name() + "\t"
                + escape(o.message() == null ? "" : o.message()));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "");
    }
}
