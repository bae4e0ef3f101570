package dev.arbiter.verifier.program;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the Go tests can be split from the candidate. When the tests use the candidate only by calling its
 * top-level functions, and those take and return plain data (basic types, slices, arrays, maps, interface{}), the
 * judge's test binary gets stubs with the same signatures that send each call to the candidate's call server
 * ({@code process}); helpers the prompt itself defines with a body are the judge's own copy. Otherwise
 * ({@code in_process}, with the reason) tests and candidate build into one binary run test by test.
 */
final class GoBoundary {
    /** Files for the sandbox, the mode, why it fell back, the test names the judge expects. */
    record Plan(String candidate, String server, String judge, boolean process, String fallback, List<String> tests) {
    }

    private static final Pattern FUNC = Pattern.compile("(?m)^func\\s+([A-Za-z_]\\w*)\\s*([\\[(])");
    private static final Pattern DECL = Pattern.compile("(?m)^(?:type|var|const)\\s+\\(?\\s*([A-Za-z_]\\w*)");
    private static final Pattern TEST = Pattern.compile(
            "(?m)^func\\s+(Test(?![a-z])\\w*)\\s*\\(\\s*(\\w+)\\s+\\*testing\\.T\\s*\\)\\s*\\{");
    private static final Pattern IDENT = Pattern.compile("\\b[A-Za-z_]\\w*\\b");
    private static final Set<String> BASIC = Set.of("bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8",
            "uint16", "uint32", "uint64", "uintptr", "float32", "float64", "string", "byte", "rune");

    /** One function's signature as written. */
    record Signature(String name, List<String> params, List<String> results, boolean variadic, boolean generic,
            int start, int bodyStart) {
    }

    private GoBoundary() {
    }

    static Plan plan(String prompt, String candidateSource, String tests) {
        String injected = inject(tests);
        List<String> names = testNames(tests);
        String candidate = candidateSource.replaceAll("(?m)^func\\s+main\\s*\\(\\s*\\)", "func arbiterCandidateMain()");
        Map<String, Signature> funcs = signatures(candidate);
        Set<String> testFuncs = signatures(tests).keySet();
        Set<String> used = identifiers(stripLiterals(tests));
        Map<String, Signature> promptFuncs = signatures(prompt == null ? "" : prompt);
        String why = null;
        Matcher decl = DECL.matcher(candidate);
        while (decl.find() && why == null) {
            if (used.contains(decl.group(1)) && !testFuncs.contains(decl.group(1))) {
                why = "the tests use the candidate's declaration " + decl.group(1);
            }
        }
        StringBuilder judgeSide = new StringBuilder(GoProgram.importsOf(prompt));
        StringBuilder dispatch = new StringBuilder();
        for (Signature f : funcs.values()) {
            if (why != null || !used.contains(f.name()) || testFuncs.contains(f.name())) {
                continue;
            }
            Signature helper = promptFuncs.get(f.name());
            String body = helper == null ? null : function(prompt, helper);
            if (body != null) {
                judgeSide.append(body).append("\n\n");
                continue;
            }
            if (f.generic() || f.variadic() || !f.params().stream().allMatch(GoBoundary::carriable)
                    || !f.results().stream().allMatch(GoBoundary::carriable)) {
                why = "the candidate's function " + f.name() + " takes or returns something that is not plain data";
            } else if (Pattern.compile("\\b" + Pattern.quote(f.name()) + "\\b(?!\\s*\\()").matcher(stripLiterals(tests)).find()) {
                why = "the tests use the candidate's function " + f.name() + " as a value";
            } else {
                judgeSide.append(stub(f)).append("\n\n");
                dispatch.append(serverCase(f));
            }
        }
        if (why == null) {
            String server = "package main\n\nfunc arbiterDispatch(fn string, args []*arbiterNode) ([]interface{}, []interface{}, error) {\n"
                    + "\tswitch fn {\n" + dispatch + "\t}\n\treturn nil, nil, arbiterNoFunction(fn)\n}\n\n"
                    + "func main() { arbiterServe(arbiterDispatch) }\n";
            return new Plan(GoProgram.merge(candidate, ""), server, GoProgram.merge(judgeSide.toString(), injected),
                    true, null, names);
        }
        return new Plan(GoProgram.merge(candidateSource, ""), null, GoProgram.merge("", injected), false, why, names);
    }

    /** Each test function starts by telling the judge's TestMain which test runs (its outcome is read at cleanup). */
    static String inject(String tests) {
        return TEST.matcher(tests).replaceAll(m -> Matcher.quoteReplacement(m.group() + " arbiterBegin(" + m.group(2) + ");"));
    }

    static List<String> testNames(String tests) {
        List<String> names = new ArrayList<>();
        Matcher m = TEST.matcher(tests);
        while (m.find()) {
            if (!m.group(1).equals("TestMain") && !names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static Set<String> identifiers(String s) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** Strings, runes and comments blanked, so that names inside them are not taken for uses. */
    private static String stripLiterals(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ")
                .replaceAll("\"(?:\\\\.|[^\"\\\\\\n])*\"", "\"\"").replaceAll("`[^`]*`", "``")
                .replaceAll("'(?:\\\\.|[^'\\\\\\n])+'", "' '");
    }

    static Map<String, Signature> signatures(String source) {
        Map<String, Signature> found = new LinkedHashMap<>();
        Matcher m = FUNC.matcher(source);
        while (m.find()) {
            Signature s = signature(source, m.group(1), m.start(), m.start(2));
            if (s != null && !found.containsKey(s.name())) {
                found.put(s.name(), s);
            }
        }
        return found;
    }

    private static Signature signature(String src, String name, int start, int open) {
        boolean generic = src.charAt(open) == '[';
        int paren = open;
        if (generic) {
            int close = matching(src, open, '[', ']');
            if (close < 0) {
                return null;
            }
            paren = src.indexOf('(', close);
        }
        int close = matching(src, paren, '(', ')');
        if (close < 0) {
            return null;
        }
        int body = bodyBrace(src, close + 1);
        if (body < 0) {
            return null;
        }
        List<String> params = new ArrayList<>();
        boolean variadic = false;
        List<String[]> items = new ArrayList<>();
        for (String item : splitTop(src.substring(paren + 1, close))) {
            String[] parts = item.strip().split("\\s+", 2);
            items.add(parts);
        }
        // Go groups names: "a, b int" is two ints; a lone identifier takes the type of the next item that has one.
        boolean named = items.stream().anyMatch(p -> p.length == 2);
        List<String> pending = new ArrayList<>();
        for (String[] p : items) {
            if (p.length == 1 && p[0].isEmpty()) {
                continue;
            }
            if (named && p.length == 1) {
                pending.add(p[0]);
                continue;
            }
            String type = named ? p[1].strip() : String.join(" ", p).strip();
            variadic |= type.startsWith("...");
            for (int i = 0; i <= pending.size(); i++) {
                params.add(type);
            }
            pending.clear();
        }
        String res = src.substring(close + 1, body).strip();
        List<String> results = new ArrayList<>();
        if (res.startsWith("(")) {
            int rc = matching(res, 0, '(', ')');
            String inner = rc < 0 ? "" : res.substring(1, rc);
            List<String[]> ritems = new ArrayList<>();
            for (String item : splitTop(inner)) {
                ritems.add(item.strip().split("\\s+", 2));
            }
            boolean rnamed = ritems.stream().anyMatch(p -> p.length == 2 && !p[1].startsWith("{") && !p[0].startsWith("["));
            int pendingResults = 0;
            for (String[] p : ritems) {
                if (rnamed && p.length == 1) {
                    pendingResults++;
                    continue;
                }
                String type = rnamed ? p[1].strip() : String.join(" ", p).strip();
                for (int i = 0; i <= pendingResults; i++) {
                    results.add(type);
                }
                pendingResults = 0;
            }
        } else if (!res.isEmpty()) {
            results.add(res);
        }
        return new Signature(name, params, results, variadic, generic, start, body);
    }

    /** The '{' that opens the body: braces of interface{} / struct{} in the result types are skipped. */
    private static int bodyBrace(String src, int from) {
        int depth = 0;
        for (int i = from; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == '{') {
                String before = src.substring(from, i).stripTrailing();
                if (depth == 0 && !before.endsWith("interface") && !before.endsWith("struct")) {
                    return i;
                }
                int close = matching(src, i, '{', '}');
                if (close < 0) {
                    return -1;
                }
                i = close;
            } else if (c == '\n' && depth == 0 && src.substring(from, i).isBlank() && i > from + 1) {
                return -1;
            }
        }
        return -1;
    }

    private static int matching(String s, int open, char o, char c) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == o) {
                depth++;
            } else if (ch == c && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTop(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int last = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(last, i));
                last = i + 1;
            }
        }
        parts.add(s.substring(last));
        return parts;
    }

    /** The whole text of a function the prompt defines with a non-empty body, or null. */
    private static String function(String src, Signature s) {
        int close = matching(src, s.bodyStart(), '{', '}');
        if (close < 0 || src.substring(s.bodyStart() + 1, close).strip().isEmpty()) {
            return null;
        }
        return src.substring(s.start(), close + 1);
    }

    static boolean carriable(String type) {
        String t = type.replaceAll("\\s+", "");
        if (BASIC.contains(t) || t.equals("interface{}") || t.equals("any")) {
            return true;
        }
        if (t.startsWith("[]")) {
            return carriable(t.substring(2));
        }
        Matcher array = Pattern.compile("^\\[(\\d+)](.+)$").matcher(t);
        if (array.matches()) {
            return carriable(array.group(2));
        }
        if (t.startsWith("map[")) {
            int close = matching(t, 3, '[', ']');
            return close > 0 && carriable(t.substring(4, close)) && carriable(t.substring(close + 1));
        }
        return false;
    }

    private static String stub(Signature f) {
        StringBuilder b = new StringBuilder("func ").append(f.name()).append('(');
        List<String> args = new ArrayList<>();
        for (int i = 0; i < f.params().size(); i++) {
            b.append(i == 0 ? "" : ", ").append("arbiterA").append(i).append(' ').append(f.params().get(i));
            args.add("&arbiterA" + i);
        }
        b.append(')');
        if (f.results().size() == 1) {
            b.append(' ').append(f.results().get(0));
        } else if (!f.results().isEmpty()) {
            b.append(" (").append(String.join(", ", f.results())).append(')');
        }
        b.append(" {\n");
        List<String> results = new ArrayList<>();
        for (int i = 0; i < f.results().size(); i++) {
            b.append("\tvar arbiterR").append(i).append(' ').append(f.results().get(i)).append('\n');
            results.add("arbiterR" + i);
        }
        b.append("\tarbiterCall(\"").append(f.name()).append("\", []interface{}{").append(String.join(", ", args))
                .append("}, []interface{}{").append(String.join(", ", results.stream().map(r -> "&" + r).toList()))
                .append("})\n");
        if (!results.isEmpty()) {
            b.append("\treturn ").append(String.join(", ", results)).append('\n');
        }
        return b.append('}').toString();
    }

    private static String serverCase(Signature f) {
        StringBuilder b = new StringBuilder("\tcase \"").append(f.name()).append("\":\n");
        List<String> args = new ArrayList<>();
        for (int i = 0; i < f.params().size(); i++) {
            b.append("\t\tvar a").append(i).append(' ').append(f.params().get(i)).append('\n');
            b.append("\t\tif err := arbiterArg(args, ").append(i).append(", &a").append(i)
                    .append("); err != nil {\n\t\t\treturn nil, nil, err\n\t\t}\n");
            args.add("a" + i);
        }
        List<String> results = new ArrayList<>();
        for (int i = 0; i < f.results().size(); i++) {
            results.add("r" + i);
        }
        String call = f.name() + "(" + String.join(", ", args) + ")";
        b.append("\t\t").append(results.isEmpty() ? call : String.join(", ", results) + " := " + call).append('\n');
        b.append("\t\treturn []interface{}{").append(String.join(", ", results)).append("}, []interface{}{")
                .append(String.join(", ", args)).append("}, nil\n");
        return b.toString();
    }
}
