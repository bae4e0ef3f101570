package dev.arbiter.verifier.check;

import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.sandbox.Sandbox;
import dev.arbiter.sandbox.SandboxRun;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.Verdict.Extraction;
import dev.arbiter.verifier.Verdict.SyntaxCheck;
import dev.arbiter.verifier.Verdict.Timings;
import dev.arbiter.verifier.execution.ExecutionJudge;
import dev.arbiter.verifier.extract.AnswerReader;
import dev.arbiter.verifier.extract.CodeExtractor;
import dev.arbiter.verifier.program.Program;
import dev.arbiter.verifier.program.ProgramBuilder;
import dev.arbiter.verifier.scoring.ConfidenceScorer.Evidence;
import dev.arbiter.verifier.scoring.Gate;
import dev.arbiter.verifier.signal.ast.AstReport;
import dev.arbiter.verifier.signal.ast.TreeSitterAnalyzer;
import dev.arbiter.verifier.signal.structure.Outliner;
import dev.arbiter.verifier.signal.structure.StructureReport;
import dev.arbiter.verifier.signal.tampering.TamperingDetector;
import dev.arbiter.verifier.signal.tampering.TamperingFinding;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Code answers checked by running them: extract the code (or apply the diff), check syntax and the AST, run the
 * program with its tests in a throwaway sandbox and judge the run. A refactoring is also compared structurally with
 * its original. Serves every dimension whose answer is a program.
 */
@ApplicationScoped
public class CodeCheck {
    private static final Logger LOG = Logger.getLogger(CodeCheck.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AnswerReader answers;
    private final Sandbox sandbox;
    private final ExecutionJudge judge;
    private final TreeSitterAnalyzer analyzer;
    private final Outliner outliner;
    private final TamperingDetector tampering;
    private final boolean staticTampering;

    /**
     * @param staticTampering whether the static tampering rules refuse code before it runs (on by default; off only
     *     to test that the sandbox's boundary holds by itself)
     */
    public CodeCheck(AnswerReader answers, Sandbox sandbox, ExecutionJudge judge, TreeSitterAnalyzer analyzer,
            Outliner outliner, TamperingDetector tampering,
            @ConfigProperty(name = "arbiter.verifier.tampering.enabled", defaultValue = "true") boolean staticTampering) {
        this.answers = answers;
        this.sandbox = sandbox;
        this.judge = judge;
        this.analyzer = analyzer;
        this.outliner = outliner;
        this.tampering = tampering;
        this.staticTampering = staticTampering;
    }

    /** The answer's code, or the verdict that there is none. */
    public AnswerReader.Answer read(Task task, Runtime runtime, ProgramBuilder builder, String text) {
        return answers.read(task, runtime.language(), builder.fenceTags(), text);
    }

    public Checked check(Task task, Runtime runtime, ProgramBuilder builder, String text, String testsSource, long started,
            SandboxClient client) {
        AnswerReader.Answer answer = read(task, runtime, builder, text);
        if (answer.code() == null) {
            return refused(task, runtime, answer.extraction(), null, null, answer.refusal(), answer.detail(), started);
        }
        return run(task, runtime, builder, answer.code(), answer.extraction(), testsSource, started, client);
    }

    /** Runs already extracted code with the task's tests. */
    public Checked run(Task task, Runtime runtime, ProgramBuilder builder, String candidate, Extraction extraction,
            String testsSource, long started, SandboxClient client) {
        String nonce = nonce();
        Program program = builder.build(task, candidate, runtime, nonce);
        // Before the builder's own refusals: a construct that reaches for the judge is tampering, whatever else it is.
        TamperingFinding tampered = staticTampering
                ? tampering.find(runtime.language(), program.source(), task).orElse(null) : null;
        if (tampered != null) {
            return refused(task, runtime.language(), Verdict.builder(task.id(), runtime.language(), Status.FAILED,
                    Reason.TAMPERING, tampered.detail()).extraction(extraction).tampering(tampered), null, started);
        }
        if (program.precheck() != null && !program.precheck().ok()) {
            return refused(task, runtime, extraction, program.precheck(), null, Reason.SYNTAX_ERROR,
                    "the code does not parse: " + program.precheck().message(), started);
        }
        AstReport ast = analyzer.analyze(runtime.language(), program.source(), task.entryPoint()).orElse(null);
        if (ast != null && ast.unparseable() != null) {
            return refused(task, runtime, extraction, null, ast, Reason.UNPARSEABLE,
                    "the code was refused before parsing finished: " + ast.unparseable(), started);
        }
        SandboxRun run;
        try {
            run = sandbox.run(runtime, program.job(), client);
        } catch (SandboxUnavailableException e) {
            return unavailable(task, runtime, extraction, program.precheck(), ast, e, started);
        }
        ExecutionJudge.Outcome outcome = judge.judge(nonce, program, run, task.hasTests());
        Evidence evidence = new Evidence(outcome.status(), task.dimension(), outcome.reason(), outcome.gated(),
                outcome.passed(), outcome.total(), ast);
        StructureReport structure = null;
        if (task.dimension() == Dimension.CODE_REFACTORING && task.hasOriginal() && !outcome.gated()) {
            structure = compare(runtime.language(), task.original(), candidate);
            if (structure != null) {
                evidence = evidence.withSignal("structure", structure.score());
                evidence = structure.apiBroken() ? evidence.withGate(Gate.API_CHANGED) : evidence;
            }
        }
        Verdict verdict = Verdict.builder(task.id(), runtime.language(), outcome.status(), outcome.reason(),
                outcome.detail()).extraction(extraction).syntax(outcome.syntax()).ast(ast)
                .tests(outcome.tests() == null ? null : outcome.tests().withSource(testsSource))
                .execution(outcome.execution()).timings(outcome.timings(ms(started), run)).build();
        return new Checked(verdict, evidence, structure, null, null);
    }

    private StructureReport compare(String language, String original, String candidate) {
        var before = outliner.outline(language, original);
        var after = outliner.outline(language, candidate);
        return before.isPresent() && after.isPresent() ? StructureReport.compare(before.get(), after.get()) : null;
    }

    /** The infrastructure failed, not the candidate: indeterminate, never a pass or a fail. */
    static Checked unavailable(Task task, Runtime runtime, Extraction extraction, SyntaxCheck syntax, AstReport ast,
            SandboxUnavailableException e, long started) {
        LOG.warnf("task %s: sandbox unavailable: %s", task.id(), e.getMessage());
        return new Checked(Verdict.builder(task.id(), runtime.language(), Status.INDETERMINATE,
                        Reason.SANDBOX_UNAVAILABLE, "the candidate could not be run: " + e.getMessage())
                .extraction(extraction).syntax(syntax).ast(ast).timings(new Timings(ms(started), null, null, null, null))
                .build(), new Evidence(Status.INDETERMINATE, task.dimension(), Reason.SANDBOX_UNAVAILABLE, false, 0, 0, ast));
    }

    /** The extraction trace of code taken from a response. */
    static Extraction extraction(CodeExtractor.ExtractedCode code) {
        return new Extraction(code.code(), code.source(), code.blockIndex(), code.blocks(), code.reason());
    }

    /** A verdict reached before running anything: no code, a diff that does not apply, a syntax error. */
    static Checked refused(Task task, Runtime runtime, Extraction extraction, SyntaxCheck syntax, AstReport ast,
            Reason reason, String detail, long started) {
        return refused(task, runtime.language(), Verdict.builder(task.id(), runtime.language(), Status.FAILED, reason, detail)
                .extraction(extraction).syntax(syntax).ast(ast), ast, started);
    }

    /** A refusal with more evidence filled in by the caller (a tampering finding, say). */
    static Checked refused(Task task, String language, Verdict.Builder verdict, AstReport ast, long started) {
        Verdict v = verdict.timings(new Timings(ms(started), null, null, null, null)).build();
        return new Checked(v, new Evidence(Status.FAILED, task.dimension(), v.reason(), true, 0, 0, ast));
    }

    static String nonce() {
        return HexFormat.of().formatHex(randomBytes());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static long ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
