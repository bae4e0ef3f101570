package dev.arbiter.solve;

import dev.arbiter.provider.ChatProvider;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.provider.ProviderRegistry;
import dev.arbiter.quota.Admission;
import dev.arbiter.router.Decision;
import dev.arbiter.router.FeedbackRequest;
import dev.arbiter.router.InvalidFeedbackException;
import dev.arbiter.router.ModelSpec;
import dev.arbiter.router.Orchestrator;
import dev.arbiter.router.RouteRequest;
import dev.arbiter.router.RouteTask;
import dev.arbiter.router.RouterConfig;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.solve.SolveResult.Stop;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Response;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import dev.arbiter.verifier.Verifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole loop in the service: route the task among the models Arbiter can call, put it to the chosen model with
 * the dimension's prompt, verify the answer, and on a failure either send it back once to the same model with the
 * verifier's diagnosis (code that does not parse or compile, failing tests) or escalate to the next model the router
 * ranks best for the money — until a verified pass at the confidence threshold, the budget or the attempts run out.
 *
 * <p>Money: before each call its worst case (the input's byte bound and the {@code max_tokens} asked for) must fit in
 * what is left of {@code maxCost}; the output cap is cut to what the budget pays for, and a model whose affordable
 * output is below {@code arbiter.solve.min-output-tokens} is passed over. A provider that fails is the
 * infrastructure's fault: the attempt is shown, costs nothing, is not remembered, and the loop moves on.
 *
 * <p>Learning: each model's outcome (its last verified attempt, with the cost of all its calls) is fed back to the
 * decision as an experience, so the next decision for a similar task reflects it.
 */
@ApplicationScoped
public class SolveLoop {
    private final Orchestrator orchestrator;
    private final ProviderRegistry providers;
    private final Attempts attempts;
    private final Verifier verifier;
    private final Admission admission;
    private final RouterConfig router;
    private final SolveConfig config;

    public SolveLoop(Orchestrator orchestrator, ProviderRegistry providers, Attempts attempts, Verifier verifier,
            Admission admission, RouterConfig router, SolveConfig config) {
        this.orchestrator = orchestrator;
        this.providers = providers;
        this.attempts = attempts;
        this.verifier = verifier;
        this.admission = admission;
        this.router = router;
        this.config = config;
    }

    /** The models a request may use: those it allows (each must exist and be callable), else every callable one. */
    List<String> candidates(SolveRequest request) {
        if (request.allowedModels() == null) {
            return providers.requireCallable();
        }
        List<String> out = new ArrayList<>();
        for (String name : new LinkedHashSet<>(request.allowedModels())) {
            orchestrator.pool().require(name, "allowedModels");
            if (providers.find(name).isEmpty()) {
                throw new InvalidFeedbackException("allowedModels", "model '" + name + "' has no provider connection, so "
                        + "Arbiter cannot call it (it can only route to it: POST /v1/route)");
            }
            out.add(name);
        }
        return out;
    }

    public SolveResult solve(SolveRequest request, String caller, SandboxClient client, SolveListener listener) {
        int maxAttempts = request.maxAttempts() != null ? request.maxAttempts() : config.maxAttempts();
        if (maxAttempts > config.maxAttemptsLimit()) {
            throw new InvalidFeedbackException("maxAttempts", "must be at most " + config.maxAttemptsLimit());
        }
        verifier.requireSupported(request.task());
        Run run = new Run(request, caller, client, listener, maxAttempts);
        return run.go();
    }

    private static boolean repairable(Reason r) {
        return r.isFixable() || r == Reason.TESTS_FAILED || r == Reason.RUNTIME_ERROR;
    }

    /** One solve's state. */
    private final class Run {
        private final SolveRequest request;
        private final Task task;
        private final String caller;
        private final SandboxClient client;
        private final SolveListener listener;
        private final int maxAttempts;
        private final double budget;
        private final long start = System.nanoTime();
        private final List<Attempt> made = new ArrayList<>();
        private final List<SolveResult.AttemptView> views = new ArrayList<>();
        private final Set<String> tried = new LinkedHashSet<>();
        private final Map<String, Double> spentBy = new LinkedHashMap<>();
        private Decision decision;
        /** What the providers reported billing. */
        private double spent;
        /** What the budget counts: {@link #spent} and the worst case of failed calls a provider may have billed. */
        private double committed;
        private int answered;
        private boolean skippedForBudget;
        private long providerNanos;
        private long verifyNanos;
        private long routeNanos;
        private long recordNanos;

        Run(SolveRequest request, String caller, SandboxClient client, SolveListener listener, int maxAttempts) {
            this.request = request;
            this.task = request.task();
            this.caller = caller;
            this.client = client;
            this.listener = listener;
            this.maxAttempts = maxAttempts;
            this.budget = request.maxCost() == null ? Double.POSITIVE_INFINITY : request.maxCost();
        }

        SolveResult go() {
            long t = System.nanoTime();
            decision = orchestrator.route(new RouteRequest(routeTask(task), candidates(request), request.maxCost()));
            routeNanos = System.nanoTime() - t;
            listener.decided(decision);
            String model = decision.model();
            Stop stop = null;
            while (stop == null) {
                stop = turn(model);
                if (stop == null) {
                    model = orchestrator.escalate(decision, List.copyOf(tried), budget - committed);
                    if (model == null) {
                        stop = committed >= budget || skippedForBudget ? Stop.BUDGET_SPENT : Stop.NO_MODEL_LEFT;
                    }
                }
            }
            return result(stop);
        }

        /** One model's turn: a first answer and, when it can be fixed, one repair. A stop reason, or null to go on. */
        private Stop turn(String model) {
            tried.add(model);
            ChatProvider provider = providers.find(model).orElseThrow();
            ModelSpec spec = orchestrator.pool().require(model, "model");
            Attempt last = null;
            for (boolean repair = false; ; repair = true) {
                if (answered >= maxAttempts) {
                    record(model, last);
                    return Stop.MAX_ATTEMPTS;
                }
                List<ChatMessage> messages = repair ? attempts.repairMessages(task, last, Diagnosis.of(last.verdict()))
                        : attempts.firstMessages(task);
                long input = CallBudget.inputTokenBound(messages);
                int cap = CallBudget.affordableOutputTokens(spec, input, budget - committed, provider.outputTokenCap());
                if (cap < Math.min(config.minOutputTokens(), provider.outputTokenCap())) {
                    skippedForBudget = true;
                    record(model, last);
                    return null; // this model's next call does not fit in the budget; another, cheaper one may
                }
                client.cancellation().check();
                listener.calling(made.size() + 1, model, repair, cap);
                long called = System.nanoTime();
                Attempt a = attempts.call(provider, repair, messages, cap);
                providerNanos += System.nanoTime() - called;
                if (a.isInfrastructureFailure()) {
                    if (a.failure().mayHaveBeenBilled()) {
                        committed += CallBudget.worstCase(spec, input, cap);
                    }
                    made.add(a);
                    show(a, null);
                    record(model, last);
                    return null;
                }
                answered++;
                spent += a.costUsd();
                committed += a.costUsd();
                spentBy.merge(model, a.costUsd(), Double::sum);
                long t0 = System.nanoTime();
                Verdict v = verify(a);
                verifyNanos += System.nanoTime() - t0;
                if (v == null) {
                    made.add(a);
                    show(a, (System.nanoTime() - t0) / 1_000_000);
                    record(model, last);
                    return Stop.SANDBOX_BUSY;
                }
                boolean cutByBudget = a.answer().truncated() && cap < provider.outputTokenCap();
                a = a.withVerdict(v);
                made.add(a);
                show(a, (System.nanoTime() - t0) / 1_000_000);
                if (v.status() == Status.INDETERMINATE) {
                    record(model, last);
                    return v.reason().isInfrastructure() ? Stop.SANDBOX_UNAVAILABLE : Stop.TASK_NOT_VERIFIABLE;
                }
                if (passes(v)) {
                    record(model, a);
                    return Stop.VERIFIED;
                }
                if (cutByBudget) {
                    // Cut short at the output the budget paid for: the model's failure is the budget's, not its own.
                    skippedForBudget = true;
                    record(model, last);
                    return null;
                }
                last = a;
                if (repair || !repairable(v.reason())) {
                    record(model, a);
                    return committed >= budget ? Stop.BUDGET_SPENT : null;
                }
            }
        }

        /** The verdict, or null when no sandbox place came free in time (the answer stays unverified). */
        private Verdict verify(Attempt a) {
            try (Admission.Permit permit = admission.awaitVerification(caller, config.verificationWait())) {
                return verifier.verify(new VerificationRequest(task, new Response(a.answer().text(), a.model(),
                        a.costUsd())), client);
            } catch (dev.arbiter.quota.TooManyRequestsException e) {
                return null;
            }
        }

        private boolean passes(Verdict v) {
            return v.status() == Status.PASSED && v.confidence() >= router.confidenceThreshold();
        }

        /** The model's outcome as an experience: its last verified attempt, at the cost of all its calls. */
        private void record(String model, Attempt last) {
            if (last == null || last.verdict() == null) {
                return;
            }
            long t = System.nanoTime();
            orchestrator.feedback(new FeedbackRequest(decision.decisionId(), model, last.verdict().confidence(), null,
                    spentBy.getOrDefault(model, 0.0), task.id() + "@" + model));
            recordNanos += System.nanoTime() - t;
        }

        private void show(Attempt a, Long verifyMs) {
            var answer = a.answer();
            var view = new SolveResult.AttemptView(made.size(), a.model(), a.repair(),
                    a.isInfrastructureFailure() ? "provider_failure" : a.verdict() == null ? "unverified" : "verified",
                    round(a.costUsd()), answer == null ? null : answer.usage().inputTokens(),
                    answer == null ? null : answer.usage().outputTokens(), a.maxOutputTokens(),
                    answer == null ? 0 : answer.latency().toMillis(), answer == null ? null : answer.finishReason(),
                    a.failure() == null ? null : new SolveResult.Failure(a.failure().id(), a.failureDetail()),
                    a.verdict() == null ? null : SolveResult.VerdictSummary.of(a.verdict()), verifyMs);
            views.add(view);
            listener.attempted(view);
        }

        private SolveResult result(Stop stop) {
            Attempt best = made.stream().filter(a -> a.verdict() != null)
                    .max(Comparator.comparingInt((Attempt a) -> a.verdict().status() == Status.PASSED ? 1 : 0)
                            .thenComparingDouble(a -> a.verdict().confidence()))
                    .orElse(null);
            if (best == null) {
                // Nothing verified (no sandbox place came free): the last answer, unverified, rather than nothing.
                best = made.stream().filter(a -> a.answer() != null).reduce((x, y) -> y).orElse(null);
            }
            if (answered == 0 && !made.isEmpty() && stop != Stop.BUDGET_SPENT) {
                stop = Stop.PROVIDERS_UNAVAILABLE;
            }
            SolveResult.Outcome outcome = best != null && best.verdict() != null && passes(best.verdict())
                    ? SolveResult.Outcome.SOLVED : stop.indeterminate() ? SolveResult.Outcome.INDETERMINATE
                    : SolveResult.Outcome.UNSOLVED;
            long total = System.nanoTime() - start;
            var timings = new SolveResult.Timings(total / 1_000_000, providerNanos / 1_000_000, verifyNanos / 1_000_000,
                    (total - providerNanos) / 1_000_000, routeNanos / 1_000_000, recordNanos / 1_000_000);
            return new SolveResult(decision.decisionId(), outcome, stop, best == null ? null : best.model(),
                    best == null ? null : best.text().orElse(null), best == null ? null : best.verdict(), List.copyOf(views),
                    round(spent), request.maxCost(), timings);
        }
    }

    /** What the router sees of the task: its id, dimension, language and prompt (the tests stay with the verifier). */
    static RouteTask routeTask(Task task) {
        return new RouteTask(task.id(), task.dimension(), task.language(), task.prompt(), null, null);
    }

    private static double round(double usd) {
        return Math.round(usd * 1e9) / 1e9;
    }
}
