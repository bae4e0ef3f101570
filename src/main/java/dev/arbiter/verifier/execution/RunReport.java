package dev.arbiter.verifier.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Verdict.TestCase;
import java.util.ArrayList;
import java.util.List;

/**
 * What the in-sandbox judge reported on its channel: lines "@@&lt;nonce&gt; {json}". Lines without this run's nonce are
 * the candidate's and are ignored. The protocol is strict: one {@code start} first, one {@code end} last, every line
 * well formed. Anything else — a second start or end, a line after the end, a line that does not parse — is not a
 * report the judge wrote, so {@link #forged()} says what was wrong and the run cannot pass.
 *
 * <p>{@code boundary} is where the candidate ran: {@code process} (its own process and uid, calls crossing as plain
 * data) or {@code in_process} (hardened, sharing a process with the tests), with {@code fallback} saying why.
 * {@code candidate} says how the candidate's process ended when it ended before the judge was done with it.
 */
public record RunReport(boolean started, Boolean syntaxOk, String syntaxMessage, Integer syntaxLine,
        String loadError, List<TestCase> tests, boolean ended, Integer declaredTotal, String aborted, String abortMessage,
        String boundary, String fallback, CandidateEnd candidate, String forged) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the candidate's process ended early: exit code or signal, whether the kernel killed it for memory. */
    public record CandidateEnd(Integer exit, Integer signal, boolean oom, String during) {
    }

    public static RunReport parse(String nonce, String stdout) {
        return new Parser().parse("@@" + nonce + " ", stdout);
    }

    public int passed() {
        return (int) tests.stream().filter(t -> "passed".equals(t.outcome())).count();
    }

    /** True when the runner reached its end, reported as many tests as it declared, and nothing was forged. */
    public boolean complete() {
        return ended && forged == null && declaredTotal != null && declaredTotal == tests.size();
    }

    private static final class Parser {
        private boolean started;
        private boolean ended;
        private Boolean syntaxOk;
        private String syntaxMessage;
        private Integer syntaxLine;
        private Integer total;
        private String aborted;
        private String abortMessage;
        private String loadError;
        private String boundary;
        private String fallback;
        private CandidateEnd candidate;
        private String forged;
        private final List<TestCase> tests = new ArrayList<>();

        RunReport parse(String prefix, String stdout) {
            for (String line : stdout.split("\n")) {
                if (line.startsWith(prefix) && forged == null) {
                    read(line.substring(prefix.length()));
                }
            }
            return new RunReport(started, syntaxOk, syntaxMessage, syntaxLine, loadError, List.copyOf(tests), ended, total,
                    aborted, abortMessage, boundary, fallback, candidate, forged);
        }

        private void read(String json) {
            JsonNode node;
            try {
                node = JSON.readTree(json);
            } catch (Exception e) {
                forged = "a report line does not parse";
                return;
            }
            String type = node.path("t").asText();
            if (ended) {
                forged = "a '" + type + "' line after the report's end";
                return;
            }
            if (!started && !type.equals("start")) {
                forged = "a '" + type + "' line before the report's start";
                return;
            }
            switch (type) {
                case "start" -> {
                    if (started) {
                        forged = "a second start";
                        return;
                    }
                    started = true;
                    boundary = text(node, "boundary");
                    fallback = text(node, "fallback");
                }
                case "syntax" -> {
                    syntaxOk = node.path("ok").asBoolean();
                    syntaxMessage = text(node, "message");
                    syntaxLine = node.hasNonNull("line") ? node.get("line").asInt() : null;
                }
                case "load" -> loadError = node.path("ok").asBoolean() ? null : text(node, "message");
                case "test" -> tests.add(new TestCase(node.path("name").asText("test_" + (tests.size() + 1)),
                        node.path("outcome").asText("error"), text(node, "message"),
                        node.hasNonNull("ms") ? node.get("ms").asDouble() : null));
                case "candidate" -> candidate = new CandidateEnd(integer(node, "exit"), integer(node, "signal"),
                        node.path("oom").asBoolean(false), text(node, "during"));
                case "end" -> {
                    ended = true;
                    total = node.path("total").asInt();
                    aborted = text(node, "aborted");
                    abortMessage = text(node, "message");
                    boundary = node.hasNonNull("boundary") ? text(node, "boundary") : boundary;
                    fallback = node.hasNonNull("fallback") ? text(node, "fallback") : fallback;
                }
                default -> forged = "an unknown report line '" + type + "'";
            }
        }

        private static String text(JsonNode node, String field) {
            return node.hasNonNull(field) ? node.get(field).asText() : null;
        }

        private static Integer integer(JsonNode node, String field) {
            return node.hasNonNull(field) ? node.get(field).asInt() : null;
        }
    }
}
