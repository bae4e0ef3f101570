package dev.arbiter.verifier.signal.tampering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.check.UnderstandingCheck;
import dev.arbiter.verifier.extract.AnswerReader;
import dev.arbiter.verifier.extract.CodeExtractor;
import dev.arbiter.verifier.extract.PatchApplier;
import dev.arbiter.verifier.extract.RepositoryPatcher;
import dev.arbiter.verifier.program.CppProgram;
import dev.arbiter.verifier.program.GoProgram;
import dev.arbiter.verifier.program.JavaProgram;
import dev.arbiter.verifier.program.JavascriptProgram;
import dev.arbiter.verifier.program.ProgramBuilder;
import dev.arbiter.verifier.program.PythonProgram;
import dev.arbiter.verifier.program.RustProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-suite cases of the static checks (src/test/resources/hostile), checked without a sandbox: each case
 * expecting only {@code tampering} is refused by the detector or the repository shadowing rules, each honest control
 * is not, and each understanding case gets its expected status. The real-engine run is HostileSuiteTest's.
 */
class HostileCasesStaticTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TamperingRules RULES = TamperingRules.load(Path.of("verifier-rules", "tampering.yaml"),
            new TamperingDetector.GrammarVocabulary());
    private static final RuntimeCatalog CATALOG = new RuntimeCatalog(Path.of("sandbox-images"));
    private static final Map<String, ProgramBuilder> BUILDERS = Stream.of(new PythonProgram(), new JavaProgram(),
            new JavascriptProgram(new com.fasterxml.jackson.databind.ObjectMapper()), new CppProgram(), new GoProgram(), new RustProgram())
            .collect(Collectors.toMap(ProgramBuilder::language, Function.identity()));

    static Stream<Path> cases() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/hostile"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream()
                    .filter(p -> Stream.of("python", "javascript", "cpp", "go", "rust", "java", "agentic", "understanding")
                            .anyMatch(l -> p.getParent().getFileName().toString().equals(l)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void staticVerdictIsTheExpectedOne(Path file) throws Exception {
        JsonNode c = JSON.readTree(file.toFile());
        Task task = JSON.treeToValue(c.get("task"), Task.class);
        String text = c.at("/response/text").asText();
        List<String> reasons = JSON.convertValue(c.at("/expect/reasons"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        boolean honest = c.at("/class").asText().equals("honest_control");
        String folder = file.getParent().getFileName().toString();
        if (folder.equals("understanding")) {
            var verdict = new UnderstandingCheck().check(task, "python", text, System.nanoTime()).verdict();
            assertEquals(c.at("/expect/status").asText(), verdict.status().wireName(), verdict.detail());
            return;
        }
        boolean onlyTampering = reasons.equals(List.of("tampering"));
        if (!honest && !onlyTampering) {
            return;
        }
        java.util.Optional<TamperingFinding> finding;
        if (folder.equals("agentic")) {
            String diff = new CodeExtractor().extract(text, "diff", java.util.Set.of("diff"), null).code();
            var patched = new RepositoryPatcher().apply(task.repository().files(), diff);
            assertEquals(null, patched.error());
            finding = new RepositoryShadowing(RULES.shadowing()).find(task.repository().files(), patched.files(),
                    patched.changed(), task.repository().tests(), task.repository().testCommand());
        } else {
            var runtime = CATALOG.find(task.language()).orElseThrow();
            ProgramBuilder builder = BUILDERS.get(runtime.language());
            var answer = new AnswerReader(new CodeExtractor(), new PatchApplier()).read(task, runtime.language(),
                    builder.fenceTags(), text);
            var program = builder.build(task, answer.code(), runtime, "0".repeat(32));
            finding = new TamperingDetector(RULES).find(runtime.language(), program.source(), task);
        }
        assertEquals(!honest, finding.isPresent(), file + ": " + finding.map(TamperingFinding::detail).orElse("no finding"));
        assertTrue(honest || c.at("/expect/status").asText().equals(Status.FAILED.wireName()));
    }
}
