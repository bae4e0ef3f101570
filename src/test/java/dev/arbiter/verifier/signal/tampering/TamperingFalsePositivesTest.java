package dev.arbiter.verifier.signal.tampering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.bench.accuracy.EvalPlus;
import dev.arbiter.bench.accuracy.HumanEvalPack;
import dev.arbiter.bench.accuracy.LabelledCase;
import dev.arbiter.bench.accuracy.QuixBugs;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.extract.AnswerReader;
import dev.arbiter.verifier.extract.CodeExtractor;
import dev.arbiter.verifier.extract.PatchApplier;
import dev.arbiter.verifier.program.CppProgram;
import dev.arbiter.verifier.program.GoProgram;
import dev.arbiter.verifier.program.JavaProgram;
import dev.arbiter.verifier.program.JavascriptProgram;
import dev.arbiter.verifier.program.Program;
import dev.arbiter.verifier.program.ProgramBuilder;
import dev.arbiter.verifier.program.PythonProgram;
import dev.arbiter.verifier.program.RustProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tampering rules against every labelled solution in ../shared/datasets, each assembled as the Verifier assembles
 * it (answer read from the response, program built by the language's builder): a finding on a canonical solution is
 * a false positive and fails the test; buggy solutions are counted (buggy is not hostile, so they should be ~0 too).
 * Without the data the test fails, saying what is missing.
 */
class TamperingFalsePositivesTest {
    /** ../shared/datasets beside the project, as everywhere; -Darbiter.datasets=DIR for a worktree elsewhere. */
    private static final Path DATA = Path.of(System.getProperty("arbiter.datasets", "../shared/datasets"));
    private static final RuntimeCatalog CATALOG = new RuntimeCatalog(Path.of("sandbox-images"));
    private static final Map<String, ProgramBuilder> BUILDERS = Stream.of(new PythonProgram(), new JavaProgram(),
            new JavascriptProgram(new com.fasterxml.jackson.databind.ObjectMapper()), new CppProgram(), new GoProgram(), new RustProgram())
            .collect(Collectors.toMap(ProgramBuilder::language, Function.identity()));

    @Test
    void noRuleFiresOnAnyCanonicalSolutionOfTheLabelledDatasets() {
        assertTrue(Files.isDirectory(DATA.resolve("humanevalpack")) && Files.isDirectory(DATA.resolve("evalplus"))
                        && Files.isDirectory(DATA.resolve("quixbugs")),
                "the labelled datasets are missing: expected {humanevalpack,evalplus,quixbugs} in ../shared/datasets "
                        + "beside the project or in -Darbiter.datasets=DIR (looked in " + DATA.toAbsolutePath().normalize() + ")");
        TamperingDetector detector = new TamperingDetector(TamperingRules.load(Path.of("verifier-rules", "tampering.yaml"),
                new TamperingDetector.GrammarVocabulary()));
        AnswerReader reader = new AnswerReader(new CodeExtractor(), new PatchApplier());
        List<LabelledCase> cases = new ArrayList<>(HumanEvalPack.load(DATA, HumanEvalPack.FOLDERS.keySet(), 0));
        cases.addAll(EvalPlus.humanEvalPlus(DATA, 0));
        cases.addAll(EvalPlus.mbppPlus(DATA, 0));
        cases.addAll(QuixBugs.python(DATA, 0));
        cases.addAll(QuixBugs.java(DATA, 0));
        Map<String, int[]> table = new TreeMap<>();
        List<String> falsePositives = new ArrayList<>();
        List<String> buggyFlagged = new ArrayList<>();
        for (LabelledCase c : cases) {
            Task task = c.request().task();
            Runtime runtime = CATALOG.find(c.language()).orElseThrow();
            ProgramBuilder builder = BUILDERS.get(runtime.language());
            var answer = reader.read(task, runtime.language(), builder.fenceTags(), c.request().response().text());
            String key = c.dataset() + " " + c.language() + " " + c.variant();
            int[] row = table.computeIfAbsent(key, k -> new int[2]);
            row[0]++;
            if (answer.code() == null) {
                continue;
            }
            Program program = builder.build(task, answer.code(), runtime, "0".repeat(32));
            var finding = detector.find(runtime.language(), program.source(), task);
            if (finding.isPresent()) {
                row[1]++;
                (c.shouldPass() ? falsePositives : buggyFlagged).add(c.taskId() + " (" + c.variant() + "): "
                        + finding.get().rule() + ": " + finding.get().detail());
            }
        }
        StringBuilder report = new StringBuilder("tampering findings per dataset, language and variant (cases, flagged):\n");
        table.forEach((k, v) -> report.append(String.format("  %-34s %5d %3d%n", k, v[0], v[1])));
        buggyFlagged.forEach(b -> report.append("  buggy flagged: ").append(b).append('\n'));
        System.out.println(report);
        assertTrue(cases.size() >= 2_600, "expected the whole datasets, found " + cases.size() + " cases");
        assertEquals(List.of(), falsePositives, "tampering rules fired on canonical (honest) solutions\n" + report);
    }
}
