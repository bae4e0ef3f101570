package dev.arbiter.verifier.check;

import dev.arbiter.sandbox.Sandbox;
import dev.arbiter.sandbox.SandboxRun;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Dimension;
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
import dev.arbiter.verifier.signal.ast.AstReport;
import dev.arbiter.verifier.signal.ast.TreeSitterAnalyzer;
import dev.arbiter.verifier.signal.structure.Outliner;
import dev.arbiter.verifier.signal.structure.StructureReport;
import dev.arbiter.verifier.signal.tampering.TamperingDetector;
import dev.arbiter.verifier.signal.tampering.TamperingFinding;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.HexFormat;
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

    public CodeCheck(AnswerReader answers, Sandbox sandbox, ExecutionJudge judge, TreeSitterAnalyzer analyzer,
            Outliner outliner, TamperingDetector tampering) {
        this.answers = answers;
        this.sandbox = sandbox;
        this.judge = judge;
        this.analyzer = analyzer;
        this.outliner = outliner;
        this.tampering = tampering;
    }

    /** The answer's code, or the verdict that there is none. */
    public AnswerReader.Answer read(Task task, Runtime runtime, ProgramBuilder builder, String text) {
        return answers.read(task, runtime.language(), builder.fenceTags(), text);
    }

    public Checked check(Task task, Runtime runtime, ProgramBuilder builder, String text, String testsSource, long started) {
        AnswerReader.Answer answer = read(task, runtime, builder, text);
        if (answer.code() == null) {
            return refused(task, runtime, answer.extraction(), null, null, answer.refusal(), answer.detail(), started);
        }
        return run(task, runtime, builder, answer.code(), answer.extraction(), testsSource, started);
    }

    /** Runs already extracted code with the task's tests. */
    public Checked run(Task task, Runtime runtime, ProgramBuilder builder, String candidate, Extraction extraction,
            String testsSource, long started) {
        String nonce = nonce();
        Program program = builder.build(task, candidate, runtime, nonce);
        if (program.precheck() != null && !program.precheck().ok()) {
            return refused(task, runtime, extraction, program.precheck(), null, "syntax_error",
                    "the code does not parse: " + program.precheck().message(), started);
        }
        AstReport ast = analyzer.analyze(runtime.language(), program.source(), task.entryPoint()).orElse(null);
        if (ast != null && ast.unparseable() != null) {
            return refused(task, runtime, extraction, null, ast, "unparseable",
                    "the code was refused before parsing finished: " + ast.unparseable(), started);
        }
        TamperingFinding tampered = tampering.find(runtime.language(), program.source(), task).orElse(null);
        if (tampered != null) {
            Checked refused = refused(task, runtime, extraction, program.precheck(), ast, "tampering", tampered.detail(), started);
            return new Checked(refused.verdict().withTampering(tampered), refused.evidence());
        }
        SandboxRun run;
        try {
            run = sandbox.run(runtime, program.job());
        } catch (SandboxUnavailableException e) {
            return unavailable(task, runtime, extraction, program.precheck(), ast, e, started);
        }
        ExecutionJudge.Outcome outcome = judge.judge(nonce, program, run);
        Evidence evidence = new Evidence(outcome.status(), task.dimension(), outcome.reason(), outcome.gated(),
                outcome.passed(), outcome.total(), ast);
        StructureReport structure = null;
        if (task.dimension() == Dimension.CODE_REFACTORING && task.hasOriginal() && !outcome.gated()) {
            structure = compare(runtime.language(), task.original(), candidate);
            if (structure != null) {
                evidence = evidence.withSignal("structure", structure.score());
                evidence = structure.apiBroken() ? evidence.withGate("api_changed") : evidence;
            }
        }
        Verdict verdict = new Verdict(task.id(), runtime.language(), outcome.status(), 0, outcome.reason(),
                outcome.detail(), extraction, outcome.syntax(), ast,
                outcome.tests() == null ? null : outcome.tests().withSource(testsSource), outcome.execution(),
                outcome.timings(ms(started), run));
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
        return new Checked(new Verdict(task.id(), runtime.language(), Status.INDETERMINATE, 0.5, "sandbox_unavailable",
                "the candidate could not be run: " + e.getMessage(), extraction, syntax, ast, null, null,
                new Timings(ms(started), null, null, null, null)),
                new Evidence(Status.INDETERMINATE, task.dimension(), "sandbox_unavailable", false, 0, 0, ast));
    }

    /** The extraction trace of code taken from a response. */
    static Extraction extraction(CodeExtractor.ExtractedCode code) {
        return new Extraction(code.code(), code.source(), code.blockIndex(), code.blocks(), code.reason());
    }

    /** A verdict reached before running anything: no code, a diff that does not apply, a syntax error. */
    static Checked refused(Task task, Runtime runtime, Extraction extraction, SyntaxCheck syntax, AstReport ast,
            String reason, String detail, long started) {
        return new Checked(new Verdict(task.id(), runtime.language(), Status.FAILED, 0, reason, detail, extraction,
                syntax, ast, null, null, new Timings(ms(started), null, null, null, null)),
                new Evidence(Status.FAILED, task.dimension(), reason, true, 0, 0, ast));
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
