package dev.arbiter.verifier.check;

import java.util.List;

/**
 * Whether a program's stdout matches the expected output: line by line without trailing spaces and trailing blank
 * lines; failing that, token by token with numbers equal within a relative (or absolute) 1e-6, as contest judges do
 * for floating-point answers.
 */
final class OutputMatch {
    private static final double TOLERANCE = 1e-6;

    private OutputMatch() {
    }

    static boolean matches(String actual, String expected) {
        if (normalize(actual).equals(normalize(expected))) {
            return true;
        }
        List<String> a = tokens(actual);
        List<String> e = tokens(expected);
        if (a.size() != e.size() || a.isEmpty()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(e.get(i)) && !closeNumbers(a.get(i), e.get(i))) {
                return false;
            }
        }
        return true;
    }

    static String normalize(String s) {
        String joined = String.join("\n", s.replace("\r\n", "\n").lines().map(String::stripTrailing).toList());
        return joined.replaceAll("\\n+$", "").replaceAll("^\\n+", "");
    }

    private static List<String> tokens(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    private static boolean closeNumbers(String a, String b) {
        try {
            double x = Double.parseDouble(a);
            double y = Double.parseDouble(b);
            return Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
