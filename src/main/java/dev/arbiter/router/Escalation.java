package dev.arbiter.router;

import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.verifier.Response;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import dev.arbiter.verifier.Verifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * Verify-and-route: verifies one attempt's response for a decision, records the outcome as feedback, and — while the
 * confidence is below the threshold and attempts and money remain — says which model to try next. The failure's
 * cause decides: code that does not parse or compile goes back to the same model with the error (when it is not the
 * most expensive option anyway; one retry per model), failed tests go to the untried model the routing engine ranks
 * best by expected score minus the escalation lambda x expected cost — the same choice the benchmark replay's
 * cascade makes. Attempts (distinct models) and spending are counted from what was recorded for the decision (and the
 * models the caller says it tried).
 */
@ApplicationScoped
public class Escalation {

    private final Verifier verifier;
    private final Orchestrator orchestrator;
    private final RouterConfig config;

    public Escalation(Verifier verifier, Orchestrator orchestrator, RouterConfig config) {
        this.verifier = verifier;
        this.orchestrator = orchestrator;
        this.config = config;
    }

    /** One attempt: which decision, which model answered, the task and the answer, what the call cost. */
    public record Attempt(@NotBlank @Size(max = 64) String decisionId, @NotBlank @Size(max = 100) String model,
            @NotNull @Valid Task task, @NotNull @Valid Response response, @PositiveOrZero Double cost,
            @PositiveOrZero Double maxCost, @Size(max = 20) List<@NotBlank String> triedModels) {
    }

    /** The next step: a model to try and why, with the error to show it when it is a retry; null when done. */
    public record Next(String model, String reason, String feedbackForModel, double expectedCost) {
    }

    public record Outcome(Verdict verdict, FeedbackResult recorded, boolean done, String why, Next next,
            int attempts, double spent) {
    }

    public Outcome attempt(Attempt a) {
        return attempt(a, SandboxClient.DEFAULT);
    }

    /** One attempt, verified for a client that may go away ({@link SandboxClient}). */
    public Outcome attempt(Attempt a, SandboxClient client) {
        Decision decision = orchestrator.decision(a.decisionId());
        orchestrator.pool().require(a.model(), "model");
        Verdict verdict = verifier.verify(new VerificationRequest(a.task(), a.response()), client);
        Decision.Ranked ranked = decision.ranked(a.model());
        double cost = a.cost() != null ? a.cost() : ranked == null ? 0 : ranked.expectedCost();
        if (verdict.status() == Status.INDETERMINATE) {
            Orchestrator.Spent before = orchestrator.spent(a.decisionId());
            return new Outcome(verdict, null, true, "the verdict is indeterminate (" + verdict.reason()
                    + "); nothing was recorded and nothing is escalated", null, before.attempts(), before.cost());
        }
        FeedbackResult recorded = orchestrator.feedback(new FeedbackRequest(a.decisionId(), a.model(), verdict.confidence(),
                null, cost, verdict.taskId() + "@" + a.model()));
        Orchestrator.Spent spentSoFar = orchestrator.spent(a.decisionId());
        List<String> tried = new ArrayList<>(spentSoFar.models());
        if (a.triedModels() != null) {
            a.triedModels().stream().filter(m -> !tried.contains(m)).forEach(tried::add);
        }
        double spent = spentSoFar.cost();
        if (verdict.status() == Status.PASSED && verdict.confidence() >= config.confidenceThreshold()) {
            return new Outcome(verdict, recorded, true, "verified with confidence " + verdict.confidence(), null, tried.size(), spent);
        }
        if (tried.size() >= config.maxAttempts()) {
            return new Outcome(verdict, recorded, true, "no attempts left (" + config.maxAttempts() + ")", null, tried.size(), spent);
        }
        Next next = next(decision, verdict, a.model(), tried, recorded.duplicate(),
                a.maxCost() == null ? Double.MAX_VALUE : a.maxCost() - spent);
        return new Outcome(verdict, recorded, next == null, next == null ? "no model left within the budget" : "escalating",
                next, tried.size(), spent);
    }

    private Next next(Decision decision, Verdict verdict, String current, List<String> tried, boolean retried,
            double budget) {
        Decision.Ranked now = decision.ranked(current);
        double mostExpensive = decision.ranking().stream().mapToDouble(Decision.Ranked::expectedCost).max().orElse(0);
        boolean retry = verdict.reason().isFixable() && now != null && now.expectedCost() < mostExpensive && !retried;
        if (retry && now.expectedCost() <= budget) {
            return new Next(current, "retry: " + verdict.reason(), verdict.detail(), now.expectedCost());
        }
        String model = orchestrator.escalate(decision, tried, budget);
        if (model != null) {
            Decision.Ranked r = decision.ranked(model);
            return new Next(model, "escalate: " + verdict.reason() + "; best expected score for the money among untried models",
                    null, r == null ? 0 : r.expectedCost());
        }
        return null;
    }
}
