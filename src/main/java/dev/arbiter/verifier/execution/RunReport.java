package dev.arbiter.verifier.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Verdict.TestCase;
import java.util.ArrayList;
import java.util.List;

/**
 * What the in-sandbox runner reported on its private channel: lines "@@&lt;nonce&gt; {json}". Lines without this run's
 * nonce are the candidate's and are ignored, so a candidate cannot report tests it did not pass.
 */
public record RunReport(boolean started, Boolean syntaxOk, String syntaxMessage, Integer syntaxLine,
        String loadError, List<TestCase> tests, boolean ended, Integer declaredTotal, String aborted, String abortMessage) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static RunReport parse(String nonce, String stdout) {
        String prefix = "@@" + nonce + " ";
        boolean started = false;
        boolean ended = false;
        Boolean syntaxOk = null;
        String syntaxMessage = null;
        Integer syntaxLine = null;
        Integer total = null;
        String aborted = null;
        String abortMessage = null;
        String loadError = null;
        List<TestCase> tests = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.startsWith(prefix) || ended) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line.substring(prefix.length()));
            } catch (Exception e) {
                continue;
            }
            switch (node.path("t").asText()) {
                case "start" -> started = true;
                case "syntax" -> {
                    syntaxOk = node.path("ok").asBoolean();
                    syntaxMessage = text(node, "message");
                    syntaxLine = node.hasNonNull("line") ? node.get("line").asInt() : null;
                }
                case "load" -> loadError = node.path("ok").asBoolean() ? null : text(node, "message");
                case "test" -> tests.add(new TestCase(node.path("name").asText("test_" + (tests.size() + 1)),
                        node.path("outcome").asText("error"), text(node, "message"),
                        node.hasNonNull("ms") ? node.get("ms").asDouble() : null));
                case "end" -> {
                    ended = true;
                    total = node.path("total").asInt();
                    aborted = text(node, "aborted");
                    abortMessage = text(node, "message");
                }
                default -> {
                }
            }
        }
        return new RunReport(started, syntaxOk, syntaxMessage, syntaxLine, loadError, List.copyOf(tests), ended, total, aborted,
                abortMessage);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    public int passed() {
        return (int) tests.stream().filter(t -> "passed".equals(t.outcome())).count();
    }

    /** True when the runner reached its end and reported as many tests as it declared. */
    public boolean complete() {
        return ended && declaredTotal != null && declaredTotal == tests.size();
    }
}
