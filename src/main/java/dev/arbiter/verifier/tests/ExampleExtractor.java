package dev.arbiter.verifier.tests;

import dev.arbiter.verifier.Task.StdioTest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Input/output examples written in a task's prompt, as programming-contest statements give them: "Input" /
 * "Sample Input 1" / "Example 1 ... Input:" headers followed by the input (inline, on the next lines, or in a fenced
 * block), then the matching "Output" header and the expected output. Each Input paired with the next Output is one
 * case; a lone header is ignored.
 */
@ApplicationScoped
public class ExampleExtractor {
    static final int MAX_CASES = 20;
    private static final Pattern HEADER = Pattern.compile(
            "(?i)^\\s*(?:#+\\s*)?[*_]*(?:sample|example)?\\s*(input|output)\\s*(?:#?\\d+)?\\s*[*_]*\\s*:?\\s*[*_]*\\s*(.*)$");
    private static final Pattern OTHER_SECTION = Pattern.compile(
            "(?i)^\\s*(?:#+\\s*)?[*_]*(?:example|sample|explanation|note|notes|constraints?)\\b.*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})");

    public List<StdioTest> examples(String prompt) {
        if (prompt == null || prompt.length() > 200_000) {
            return List.of();
        }
        List<String> lines = prompt.lines().toList();
        List<StdioTest> cases = new ArrayList<>();
        String pendingInput = null;
        int i = 0;
        while (i < lines.size() && cases.size() < MAX_CASES) {
            Matcher h = HEADER.matcher(lines.get(i));
            if (!h.matches()) {
                i++;
                continue;
            }
            boolean input = h.group(1).equalsIgnoreCase("input");
            StringBuilder content = new StringBuilder();
            i = readContent(lines, i + 1, h.group(2).strip(), content);
            if (input) {
                pendingInput = content.toString();
            } else if (pendingInput != null) {
                cases.add(new StdioTest(pendingInput, content.toString()));
                pendingInput = null;
            }
        }
        return List.copyOf(cases);
    }

    /** Reads one block's content into {@code out}; returns the index of the first line after it. */
    private static int readContent(List<String> lines, int from, String inline, StringBuilder out) {
        int i = from;
        if (!inline.isEmpty() && !FENCE.matcher(inline).find()) {
            out.append(stripTicks(inline)).append('\n');
            return i;
        }
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i < lines.size() && FENCE.matcher(lines.get(i)).find()) {
            String fence = FENCE.matcher(lines.get(i)).results().findFirst().map(r -> r.group(1)).orElse("```");
            i++;
            while (i < lines.size() && !lines.get(i).strip().startsWith(fence)) {
                out.append(lines.get(i++)).append('\n');
            }
            return Math.min(lines.size(), i + 1);
        }
        while (i < lines.size() && !lines.get(i).isBlank() && !HEADER.matcher(lines.get(i)).matches()
                && !OTHER_SECTION.matcher(lines.get(i)).matches()) {
            out.append(lines.get(i++)).append('\n');
        }
        return i;
    }

    private static String stripTicks(String s) {
        return s.length() >= 2 && s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
    }
}
