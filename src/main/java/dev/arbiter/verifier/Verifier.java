package dev.arbiter.verifier;

import dev.arbiter.sandbox.Sandbox;
import dev.arbiter.sandbox.SandboxRun;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import dev.arbiter.verifier.Verdict.Extraction;
import dev.arbiter.verifier.Verdict.SyntaxCheck;
import dev.arbiter.verifier.Verdict.Timings;
import dev.arbiter.verifier.execution.ExecutionJudge;
import dev.arbiter.verifier.extract.AnswerReader;
import dev.arbiter.verifier.program.Program;
import dev.arbiter.verifier.program.ProgramBuilder;
import dev.arbiter.verifier.scoring.ConfidenceScorer;
import dev.arbiter.verifier.signal.ast.AstReport;
import dev.arbiter.verifier.signal.ast.TreeSitterAnalyzer;
import dev.arbiter.verifier.tests.DoctestExtractor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The Verifier: extracts the code from a response, checks its syntax, runs it with the task's tests in a throwaway
 * sandbox and turns what happened into a verdict. Infrastructure failures give an indeterminate verdict, never a
 * pass or a fail.
 */
@ApplicationScoped
public class Verifier {
    private static final Logger LOG = Logger.getLogger(Verifier.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RuntimeCatalog catalog;
    private final Map<String, ProgramBuilder> builders;
    private final AnswerReader answers;
    private final Sandbox sandbox;
    private final ExecutionJudge judge;
    private final ConfidenceScorer scorer;
    private final MeterRegistry metrics;
    private final TreeSitterAnalyzer analyzer;
    private final DoctestExtractor doctest;

    public Verifier(RuntimeCatalog catalog, Instance<ProgramBuilder> builders, AnswerReader answers, Sandbox sandbox,
            ExecutionJudge judge, ConfidenceScorer scorer, MeterRegistry metrics, TreeSitterAnalyzer analyzer,
            DoctestExtractor doctest) {
        this.catalog = catalog;
        this.builders = builders.stream().collect(Collectors.toMap(ProgramBuilder::language, Function.identity()));
        this.answers = answers;
        this.sandbox = sandbox;
        this.judge = judge;
        this.scorer = scorer;
        this.metrics = metrics;
        this.analyzer = analyzer;
        this.doctest = doctest;
    }

    /** @throws UnsupportedLanguageException when no runtime serves the task's language */
    public Verdict verify(VerificationRequest request) {
        long started = System.nanoTime();
        Verdict verdict = judge(request, started);
        Timer.builder("arbiter.verifications").description("Verifications by language and status")
                .tags("language", verdict.language(), "status", verdict.status().wireName())
                .register(metrics).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return verdict;
    }

    private Verdict judge(VerificationRequest request, long started) {
        Task asked = request.task();
        Task task = asked;
        String testsSource = asked.hasTests() ? "task" : null;
        if (!asked.hasTests() && "python".equals(catalog.find(asked.language()).map(r -> r.language()).orElse(null))) {
            var doctests = doctest.tests(asked.prompt());
            if (doctests.isPresent()) {
                task = asked.withTests(doctests.get());
                testsSource = "doctest";
            }
        }
        Runtime runtime = catalog.find(asked.language()).filter(r -> builders.containsKey(r.language()))
                .orElseThrow(() -> new UnsupportedLanguageException(asked.language(), supportedLanguages()));
        ProgramBuilder builder = builders.get(runtime.language());
        AnswerReader.Answer answer = answers.read(asked, runtime.language(), builder.fenceTags(), request.response().text());
        Extraction extraction = answer.extraction();
        if (answer.code() == null) {
            return gated(task, runtime, extraction, null, null, answer.refusal(), answer.detail(), started);
        }
        String candidate = answer.code();
        String nonce = HexFormat.of().formatHex(randomBytes());
        Program program = builder.build(task, candidate, runtime, nonce);
        if (program.precheck() != null && !program.precheck().ok()) {
            return gated(task, runtime, extraction, program.precheck(), null, "syntax_error",
                    "the code does not parse: " + program.precheck().message(), started);
        }
        AstReport ast = analyzer.analyze(runtime.language(), program.source(), task.entryPoint()).orElse(null);
        if (ast != null && ast.unparseable() != null) {
            return gated(task, runtime, extraction, null, ast, "unparseable",
                    "the code was refused before parsing finished: " + ast.unparseable(), started);
        }
        SandboxRun run;
        try {
            run = sandbox.run(runtime, program.job());
        } catch (SandboxUnavailableException e) {
            LOG.warnf("task %s: sandbox unavailable: %s", task.id(), e.getMessage());
            return new Verdict(task.id(), runtime.language(), Status.INDETERMINATE,
                    scorer.score(new ConfidenceScorer.Evidence(Status.INDETERMINATE, task.dimension(), "sandbox_unavailable",
                            false, 0, 0, ast)),
                    "sandbox_unavailable", "the candidate could not be run: " + e.getMessage(), extraction,
                    program.precheck(), ast, null, null, new Timings(ms(started), null, null, null, null));
        }
        ExecutionJudge.Outcome outcome = judge.judge(nonce, program, run);
        double confidence = scorer.score(new ConfidenceScorer.Evidence(outcome.status(), task.dimension(), outcome.reason(),
                outcome.gated(), outcome.passed(), outcome.total(), ast));
        return new Verdict(task.id(), runtime.language(), outcome.status(), confidence, outcome.reason(), outcome.detail(),
                extraction, outcome.syntax(), ast, outcome.tests() == null ? null : outcome.tests().withSource(testsSource),
                outcome.execution(), outcome.timings(ms(started), run));
    }

    private Verdict gated(Task task, Runtime runtime, Extraction extraction, SyntaxCheck syntax, AstReport ast,
            String reason, String detail, long started) {
        double confidence = scorer.score(new ConfidenceScorer.Evidence(Status.FAILED, task.dimension(), reason, true, 0, 0, ast));
        return new Verdict(task.id(), runtime.language(), Status.FAILED, confidence, reason,
                detail, extraction, syntax, ast, null, null, new Timings(ms(started), null, null, null, null));
    }

    /** Languages that have both a runtime and a program builder. */
    public java.util.List<String> supportedLanguages() {
        return catalog.languages().stream().filter(builders::containsKey).toList();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static long ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
