package dev.arbiter.verifier;

import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import dev.arbiter.verifier.Verdict.JudgeReport;
import dev.arbiter.verifier.check.Checked;
import dev.arbiter.verifier.check.CodeCheck;
import dev.arbiter.verifier.check.RepositoryCheck;
import dev.arbiter.verifier.check.StdioCheck;
import dev.arbiter.verifier.check.TestSuiteCheck;
import dev.arbiter.verifier.check.UnderstandingCheck;
import dev.arbiter.verifier.program.ProgramBuilder;
import dev.arbiter.verifier.scoring.ConfidenceScorer;
import dev.arbiter.verifier.scoring.ConfidenceScorer.Evidence;
import dev.arbiter.verifier.signal.judge.LlmJudge;
import dev.arbiter.verifier.tests.DoctestExtractor;
import dev.arbiter.verifier.tests.ExampleExtractor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Verifier: picks the check the task's dimension needs — a program run with tests (most dimensions), a generated
 * test suite run against reference and mutants (test_generation), a text answer against its key (code_understanding),
 * a patch applied to a repository (agentic_programming), a whole program against input/output cases (given, or
 * found as examples in the prompt) — adds the optional LLM judge, and scores the evidence into
 * a confidence. Infrastructure failures give an indeterminate verdict, never a pass or a fail.
 */
@ApplicationScoped
public class Verifier {
    private final RuntimeCatalog catalog;
    private final Map<String, ProgramBuilder> builders;
    private final CodeCheck code;
    private final TestSuiteCheck suites;
    private final UnderstandingCheck understanding;
    private final RepositoryCheck repositories;
    private final LlmJudge judge;
    private final ConfidenceScorer scorer;
    private final MeterRegistry metrics;
    private final DoctestExtractor doctest;
    private final ExampleExtractor examples;
    private final StdioCheck stdio;
    private final VerificationActivity activity;
    private final TaskLimits limits;

    public Verifier(RuntimeCatalog catalog, Instance<ProgramBuilder> builders, CodeCheck code, TestSuiteCheck suites,
            UnderstandingCheck understanding, RepositoryCheck repositories, LlmJudge judge, ConfidenceScorer scorer,
            MeterRegistry metrics, DoctestExtractor doctest, ExampleExtractor examples, StdioCheck stdio,
            VerificationActivity activity, TaskLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
        this.builders = builders.stream().collect(Collectors.toMap(ProgramBuilder::language, Function.identity()));
        this.code = code;
        this.suites = suites;
        this.understanding = understanding;
        this.repositories = repositories;
        this.judge = judge;
        this.scorer = scorer;
        this.metrics = metrics;
        this.doctest = doctest;
        this.examples = examples;
        this.stdio = stdio;
        this.activity = activity;
    }

    /** @throws UnsupportedLanguageException when no runtime serves the task's language (and the answer must run) */
    public Verdict verify(VerificationRequest request) {
        return verify(request, SandboxClient.DEFAULT);
    }

    /**
     * Verifies for a client that brings its own isolation mode and cancellation.
     *
     * @throws java.util.concurrent.CancellationException when the client's cancellation stopped the run
     */
    public Verdict verify(VerificationRequest request, SandboxClient client) {
        long started = System.nanoTime();
        Verdict verdict = score(request, check(request, started, client));
        Timer.builder("arbiter.verifications").description("Verifications by language and status")
                .tags("language", verdict.language(), "status", verdict.status().wireName())
                .register(metrics).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        activity.record(verdict.status(), java.time.Instant.now());
        return verdict;
    }

    private Checked check(VerificationRequest request, long started, SandboxClient client) {
        Task asked = request.task();
        Task task = asked;
        String text = request.response().text();
        if (task.dimension() == Dimension.CODE_UNDERSTANDING && task.answerKey() != null) {
            String language = catalog.find(task.language()).map(Runtime::language).orElse(task.language());
            return understanding.check(task, language, text, started);
        }
        Runtime runtime = limits.apply(catalog.find(task.language()).filter(r -> builders.containsKey(r.language()))
                .orElseThrow(() -> new UnsupportedLanguageException(asked.language(), supportedLanguages())), task.limits());
        ProgramBuilder builder = builders.get(runtime.language());
        if (task.dimension() == Dimension.TEST_GENERATION && task.reference() != null && !task.reference().isBlank()) {
            return suites.check(task, runtime, builder, text, started, client);
        }
        if (task.repository() != null) {
            return repositories.check(task, runtime, text, started, client);
        }
        if (task.dimension() == Dimension.CODE_UNDERSTANDING) {
            return understanding.check(task, runtime.language(), text, started);
        }
        if (task.hasStdioTests() && runtime.standalone() != null) {
            return stdio.check(task, runtime, builder, text, "task", started, client);
        }
        String testsSource = task.hasTests() ? "task" : null;
        if (!task.hasTests() && "python".equals(runtime.language())) {
            var doctests = doctest.tests(task.prompt());
            if (doctests.isPresent()) {
                task = task.withTests(doctests.get());
                testsSource = "doctest";
            }
        }
        if (!task.hasTests() && task.entryPoint() == null && runtime.standalone() != null) {
            var found = examples.examples(task.prompt());
            if (!found.isEmpty()) {
                return stdio.check(task.withStdioTests(found), runtime, builder, text, "prompt_examples", started, client);
            }
        }
        return code.check(task, runtime, builder, text, testsSource, started, client);
    }

    /** Adds the judge's signal when it is enabled and the verdict is not settled by a gate, then scores. */
    private Verdict score(VerificationRequest request, Checked checked) {
        Evidence evidence = checked.evidence();
        JudgeReport opinion = null;
        if (judge.enabled() && evidence.status() != Status.INDETERMINATE && !evidence.gated()) {
            opinion = judge.judge(request.task(), request.response().text(), checked.verdict()).orElse(null);
            if (opinion != null && opinion.score() != null) {
                evidence = evidence.withSignal("judge", opinion.score());
            }
        }
        ConfidenceScorer.Assessment assessment = scorer.assess(evidence);
        return checked.verdict().withConfidence(assessment.confidence()).withSignals(new Verdict.Signals(
                assessment.signals(), assessment.gates(), checked.structure(), checked.mutation(), checked.rules(), opinion));
    }

    /**
     * Refuses, before any work, a task this verifier cannot judge (its language has no runtime or program builder, or
     * it asks for more than the service's limits), so
     * that a caller that pays for an answer first (the solve loop) learns it before paying.
     */
    public void requireSupported(Task task) {
        if (task.dimension() == Dimension.CODE_UNDERSTANDING && task.answerKey() != null) {
            return;
        }
        limits.apply(catalog.find(task.language()).filter(r -> builders.containsKey(r.language()))
                .orElseThrow(() -> new UnsupportedLanguageException(task.language(), supportedLanguages())), task.limits());
    }

    /** Languages that have both a runtime and a program builder. */
    public List<String> supportedLanguages() {
        return catalog.languages().stream().filter(builders::containsKey).toList();
    }
}
