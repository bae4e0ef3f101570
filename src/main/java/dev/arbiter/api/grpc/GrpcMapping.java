package dev.arbiter.api.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.grpc.v1.Ranked;
import dev.arbiter.router.Decision;
import dev.arbiter.router.Escalation;
import dev.arbiter.router.FeedbackRequest;
import dev.arbiter.router.FeedbackResult;
import dev.arbiter.router.RouteRequest;
import dev.arbiter.router.RouteTask;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Response;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.List;

/**
 * Translates between the gRPC messages and the domain records, and validates the result with the same constraints
 * as REST. Empty proto strings mean "absent".
 */
@ApplicationScoped
class GrpcMapping {
    private final ObjectMapper json;
    private final Validator validator;

    GrpcMapping(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** A field that cannot be read at all (an unknown dimension, JSON that does not parse). */
    static final class BadField extends RuntimeException {
        private final String field;

        BadField(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    VerificationRequest verification(dev.arbiter.grpc.v1.Task t, dev.arbiter.grpc.v1.ModelResponse r, boolean hasTask,
            boolean hasResponse) {
        if (!hasTask) {
            throw new BadField("task", "must not be null");
        }
        if (!hasResponse) {
            throw new BadField("response", "must not be null");
        }
        return valid(new VerificationRequest(task(t), new Response(r.getText(), blank(r.getModel()),
                r.getCost() == 0 ? null : r.getCost())));
    }

    Task task(dev.arbiter.grpc.v1.Task t) {
        List<Task.StdioTest> stdio = t.getStdioTestsList().stream().map(s -> new Task.StdioTest(s.getInput(), s.getOutput())).toList();
        return new Task(blank(t.getId()), dimension("task.dimension", t.getDimension()), blank(t.getLanguage()), t.getPrompt(),
                blank(t.getTests()), blank(t.getEntryPoint()), blank(t.getOriginal()), blank(t.getReference()),
                t.getMutantsList().isEmpty() ? null : List.copyOf(t.getMutantsList()),
                read("task.answer_key_json", t.getAnswerKeyJson(), Task.AnswerKey.class),
                read("task.repository_json", t.getRepositoryJson(), Task.Repository.class), stdio.isEmpty() ? null : stdio,
                t.hasLimits() ? limits(t.getLimits()) : null);
    }

    private static Task.Limits limits(dev.arbiter.grpc.v1.Limits l) {
        return new Task.Limits(l.getRunSeconds() == 0 ? null : l.getRunSeconds(),
                l.getTestSeconds() == 0 ? null : l.getTestSeconds(), l.getMemoryMb() == 0 ? null : l.getMemoryMb());
    }

    RouteRequest route(dev.arbiter.grpc.v1.RouteRequest r) {
        if (!r.hasTask()) {
            throw new BadField("task", "must not be null");
        }
        var t = r.getTask();
        RouteTask task = new RouteTask(blank(t.getId()), dimension("task.dimension", t.getDimension()), blank(t.getLanguage()),
                blank(t.getPrompt()), t.getInputTokens() == 0 ? null : t.getInputTokens(),
                t.getMetadataMap().isEmpty() ? null : t.getMetadataMap());
        return valid(new RouteRequest(task, r.getAllowedModelsList().isEmpty() ? null : List.copyOf(r.getAllowedModelsList()),
                r.hasMaxCost() ? r.getMaxCost() : null));
    }

    FeedbackRequest feedback(dev.arbiter.grpc.v1.FeedbackRequest f) {
        FeedbackRequest.VerdictSummary verdict = f.getVerdictStatus().isEmpty() ? null
                : new FeedbackRequest.VerdictSummary(f.getVerdictStatus(), f.hasVerdictConfidence() ? f.getVerdictConfidence() : null);
        return valid(new FeedbackRequest(blank(f.getDecisionId()), blank(f.getModel()), f.hasScore() ? f.getScore() : null,
                verdict, f.hasCost() ? f.getCost() : null, blank(f.getVerdictId())));
    }

    Escalation.Attempt attempt(dev.arbiter.grpc.v1.VerifyAndRouteRequest a) {
        VerificationRequest v = verification(a.getTask(), a.getResponse(), a.hasTask(), a.hasResponse());
        return valid(new Escalation.Attempt(blank(a.getDecisionId()), blank(a.getModel()), v.task(), v.response(),
                a.hasCost() ? a.getCost() : null, a.hasMaxCost() ? a.getMaxCost() : null,
                a.getTriedModelsList().isEmpty() ? null : List.copyOf(a.getTriedModelsList())));
    }

    dev.arbiter.grpc.v1.Verdict verdict(Verdict v) {
        var b = dev.arbiter.grpc.v1.Verdict.newBuilder().setTaskId(v.taskId()).setLanguage(v.language())
                .setStatus(v.status().wireName()).setConfidence(v.confidence()).setReason(v.reason().wireName()).setDetail(nz(v.detail()))
                .setVerdictJson(write(v));
        if (v.tests() != null) {
            b.setTestsTotal(v.tests().total()).setTestsPassed(v.tests().passed());
        }
        return b.build();
    }

    dev.arbiter.grpc.v1.Decision decision(Decision d) {
        var b = dev.arbiter.grpc.v1.Decision.newBuilder().setDecisionId(d.decisionId()).setModel(d.model()).setDecisionJson(write(d));
        d.ranking().forEach(r -> b.addRanking(Ranked.newBuilder().setModel(r.model()).setExpectedScore(r.expectedScore())
                .setExpectedCost(r.expectedCost()).setExpectedReward(r.expectedReward())));
        return b.build();
    }

    dev.arbiter.grpc.v1.FeedbackResult feedbackResult(FeedbackResult f) {
        return dev.arbiter.grpc.v1.FeedbackResult.newBuilder().setDecisionId(f.decisionId()).setModel(f.model())
                .setExperience(f.experience()).setScore(f.score()).setCost(f.cost()).setReward(f.reward())
                .setDuplicate(f.duplicate()).build();
    }

    dev.arbiter.grpc.v1.VerifyAndRouteOutcome outcome(Escalation.Outcome o) {
        var b = dev.arbiter.grpc.v1.VerifyAndRouteOutcome.newBuilder().setVerdict(verdict(o.verdict())).setDone(o.done())
                .setWhy(nz(o.why())).setAttempts(o.attempts()).setSpent(o.spent());
        if (o.recorded() != null) {
            b.setRecorded(feedbackResult(o.recorded()));
        }
        if (o.next() != null) {
            b.setNextModel(o.next().model()).setNextReason(nz(o.next().reason())).setFeedbackForModel(nz(o.next().feedbackForModel()));
        }
        return b.build();
    }

    dev.arbiter.solve.SolveRequest solve(dev.arbiter.grpc.v1.SolveRequest r) {
        if (!r.hasTask()) {
            throw new BadField("task", "must not be null");
        }
        return valid(new dev.arbiter.solve.SolveRequest(task(r.getTask()), r.hasMaxCost() ? r.getMaxCost() : null,
                r.getAllowedModelsList().isEmpty() ? null : List.copyOf(r.getAllowedModelsList()),
                r.hasMaxAttempts() ? r.getMaxAttempts() : null));
    }

    dev.arbiter.grpc.v1.SolveResult solveResult(dev.arbiter.solve.SolveResult s) {
        var b = dev.arbiter.grpc.v1.SolveResult.newBuilder().setDecisionId(s.decisionId()).setStatus(s.status().wire())
                .setStopReason(s.stopReason().wire()).setModel(nz(s.model())).setAnswer(nz(s.answer()))
                .setTotalCost(s.totalCostUsd()).setSolveJson(write(s));
        if (s.verdict() != null) {
            b.setVerdict(verdict(s.verdict()));
        }
        for (var a : s.attempts()) {
            var x = dev.arbiter.grpc.v1.SolveAttempt.newBuilder().setN(a.n()).setModel(a.model()).setRepair(a.repair())
                    .setOutcome(a.outcome()).setCost(a.costUsd()).setMaxOutputTokens(a.maxOutputTokens())
                    .setLatencyMs(a.latencyMs());
            if (a.inputTokens() != null) {
                x.setInputTokens(a.inputTokens()).setOutputTokens(a.outputTokens());
            }
            if (a.failure() != null) {
                x.setFailureReason(a.failure().reason());
            }
            if (a.verdict() != null) {
                x.setVerdictStatus(a.verdict().status()).setVerdictConfidence(a.verdict().confidence())
                        .setVerdictReason(a.verdict().reason());
            }
            b.addAttempts(x);
        }
        return b.build();
    }

    private <T> T valid(T value) {
        var violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return value;
    }

    private static Dimension dimension(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Dimension.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new BadField(field, e.getMessage());
        }
    }

    private <T> T read(String field, String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new BadField(field, "is not valid JSON for this field: " + e.getOriginalMessage());
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
