package dev.arbiter.verifier.tests;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the doctest examples of a Python prompt ({@code >>> expr} followed by the expected output) into top-level
 * asserts the harness runs one test each, for tasks that come without tests. The expected text is compared as a value
 * when it evaluates, else as the repr, as doctest would print it.
 */
@ApplicationScoped
public class DoctestExtractor {
    static final String HELPER = """
            def _arbiter_doctest_matches(value, expected):
                try:
                    return value == eval(expected)
                except Exception:
                    return repr(value) == expected or str(value) == expected
            """;

    /** One example: the expression, the expected output and the prompt line it came from. */
    public record Example(String expression, String expected, int line) {
    }

    public List<Example> examples(String prompt) {
        List<Example> found = new ArrayList<>();
        if (prompt == null) {
            return found;
        }
        String[] lines = prompt.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(">>> ")) {
                continue;
            }
            StringBuilder expression = new StringBuilder(line.substring(4));
            int j = i + 1;
            while (j < lines.length && lines[j].strip().startsWith("... ")) {
                expression.append('\n').append(lines[j].strip().substring(4));
                j++;
            }
            StringBuilder expected = new StringBuilder();
            while (j < lines.length && !lines[j].isBlank() && !lines[j].strip().startsWith(">>>")
                    && !lines[j].strip().startsWith("\"\"\"") && !lines[j].strip().startsWith("'''")) {
                expected.append(expected.length() == 0 ? "" : "\n").append(lines[j].strip());
                j++;
            }
            if (expected.length() > 0 && !isAssignment(expression.toString())) {
                found.add(new Example(expression.toString(), expected.toString(), i + 1));
            }
            i = j - 1;
        }
        return found;
    }

    /** Python test code for the examples, or empty when the prompt has none. */
    public Optional<String> tests(String prompt) {
        List<Example> examples = examples(prompt);
        if (examples.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(HELPER).append('\n');
        for (Example e : examples) {
            code.append("assert _arbiter_doctest_matches((").append(e.expression()).append("), ")
                    .append(pythonString(e.expected())).append("), ")
                    .append(pythonString("prompt line " + e.line() + ": " + e.expression())).append('\n');
        }
        return Optional.of(code.toString());
    }

    /** Assignments ({@code >>> x = f()}) print nothing and are not examples; keyword arguments and {@code ==} are fine. */
    private static boolean isAssignment(String expression) {
        return expression.matches("(?s)^[A-Za-z_][\\w, .\\[\\]]*=[^=].*");
    }

    private static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
}
