import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Arbiter's Java test runner, run inside the sandbox. Reads /work/meta.properties (nonce, test class) and deletes it
 * before any candidate class loads, keeps the original stdout as the private report channel and sends the candidate's
 * System.out to stderr. Reports "@@nonce {json}" lines: start, one test per test class main, end. Exits with
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
        long started = System.nanoTime();
        String outcome = "passed";
        String message = null;
        try {
            Method main = Class.forName(testClass).getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            outcome = cause instanceof AssertionError ? "failed" : "error";
            message = cause.toString();
        } catch (Throwable e) {
            outcome = "error";
            message = e.toString();
        }
        double ms = (System.nanoTime() - started) / 1e6;
        emit(report, nonce, "{\"t\":\"test\",\"name\":" + quote(testClass + ".main") + ",\"outcome\":\"" + outcome
                + "\",\"message\":" + quote(message) + ",\"ms\":" + Math.round(ms * 100) / 100.0 + "}");
        emit(report, nonce, "{\"t\":\"end\",\"total\":1,\"passed\":" + ("passed".equals(outcome) ? 1 : 0) + "}");
        report.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
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
