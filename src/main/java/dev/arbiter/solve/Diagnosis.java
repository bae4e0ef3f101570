package dev.arbiter.solve;

import dev.arbiter.verifier.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * What the verifier saw wrong, as a model can use it to repair its answer: the reason and its sentence, the syntax or
 * compiler error with its line, the failing tests with their messages, and the end of the program's output. The test
 * code itself is never shown; {@link Attempts} truncates the whole.
 */
final class Diagnosis {
    static final int MAX_CASES = 10;
    static final int MAX_OUTPUT_CHARS = 1500;

    private Diagnosis() {
    }

    static String of(Verdict v) {
        List<String> lines = new ArrayList<>();
        lines.add("Verdict: " + v.status().wireName() + " (" + v.reason().wireName() + ")"
                + (v.detail() == null || v.detail().isBlank() ? "" : ": " + v.detail()));
        if (v.syntax() != null && !v.syntax().ok() && v.syntax().message() != null) {
            lines.add((v.syntax().line() != null ? "Line " + v.syntax().line() + ": " : "") + v.syntax().message());
        }
        if (v.tests() != null && v.tests().cases() != null) {
            var failing = v.tests().cases().stream().filter(c -> !"passed".equals(c.outcome())).toList();
            if (!failing.isEmpty()) {
                lines.add("Failing tests (" + failing.size() + " of " + v.tests().total() + "):");
                failing.stream().limit(MAX_CASES).forEach(c -> lines.add("- " + c.name() + ": " + c.outcome()
                        + (c.message() == null || c.message().isBlank() ? "" : ": " + c.message())));
            }
        }
        if (v.execution() != null) {
            tail(lines, "Compiler output", v.execution().compileOutput());
            tail(lines, "Program output", v.execution().output());
        }
        return String.join("\n", lines);
    }

    private static void tail(List<String> lines, String title, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        String t = text.strip();
        lines.add(title + ":\n" + (t.length() > MAX_OUTPUT_CHARS ? "..." + t.substring(t.length() - MAX_OUTPUT_CHARS) : t));
    }
}
