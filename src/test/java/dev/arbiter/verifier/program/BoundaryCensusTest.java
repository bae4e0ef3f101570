package dev.arbiter.verifier.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.bench.accuracy.HumanEvalPack;
import dev.arbiter.bench.accuracy.LabelledCase;
import dev.arbiter.bench.accuracy.QuixBugs;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which tasks the Java and Go builders split at the process boundary, and why the others fall back. Needs the
 * labelled datasets in ../shared/datasets (skipped without them); the counts are printed for the docs.
 */
class BoundaryCensusTest {
    private static final RuntimeCatalog CATALOG = new RuntimeCatalog(Path.of("sandbox-images"));
    private static final Path DATA = Path.of("../shared/datasets").toAbsolutePath().normalize();
    private static final Path DATA_ALT = Path.of("/work/shared/datasets");

    private static Path data() {
        return Files.isDirectory(DATA.resolve("humanevalpack")) ? DATA : DATA_ALT;
    }

    private static Map<String, Integer> census(List<LabelledCase> cases, ProgramBuilder builder, String language) {
        var runtime = CATALOG.find(language).orElseThrow();
        Map<String, Integer> modes = new TreeMap<>();
        for (LabelledCase c : cases) {
            Program p = builder.build(c.request().task(), new dev.arbiter.verifier.extract.CodeExtractor()
                    .extract(c.request().response().text(), language, builder.fenceTags(), c.request().task().entryPoint())
                    .code(), runtime, "n");
            if (p.job() == null) {
                modes.merge("refused: " + p.precheck().message(), 1, Integer::sum);
                continue;
            }
            var meta = p.job().files().containsKey("meta.properties") ? p.job().files().get("meta.properties")
                    : p.job().files().get("meta.txt");
            String text = new String(meta.content(), StandardCharsets.UTF_8);
            String mode = text.lines().filter(l -> l.startsWith("mode=")).findFirst().orElse("?");
            String why = text.lines().filter(l -> l.startsWith("fallback=")).findFirst().orElse("");
            modes.merge(mode.equals("mode=process") ? "process" : "in_process: " + why, 1, Integer::sum);
        }
        System.out.println(language + " " + cases.get(0).dataset() + ": " + modes);
        return modes;
    }

    @Test
    void everyHumanEvalPackJavaTaskCrossesTheProcessBoundary() {
        assertTrue(Files.exists(HumanEvalPack.file(data(), "java")), "needs ../shared/datasets/humanevalpack");
        var modes = census(HumanEvalPack.load(data(), List.of("java"), 0), new JavaProgram(), "java");
        assertEquals(328, modes.getOrDefault("process", 0), modes.toString());
    }

    @Test
    void everyHumanEvalPackGoTaskCrossesTheProcessBoundary() {
        assertTrue(Files.exists(HumanEvalPack.file(data(), "go")), "needs ../shared/datasets/humanevalpack");
        var modes = census(HumanEvalPack.load(data(), List.of("go"), 0), new GoProgram(), "go");
        assertEquals(328, modes.getOrDefault("process", 0), modes.toString());
    }

    @Test
    void quixBugsJavaStaticCallsCrossTheBoundaryGraphProgramsFallBack() {
        assertTrue(Files.isDirectory(data().resolve("quixbugs")), "needs ../shared/datasets/quixbugs");
        var modes = census(QuixBugs.java(data(), 0), new JavaProgram(), "java");
        assertTrue(modes.getOrDefault("process", 0) >= 50, modes.toString());
    }

    @Test
    void javaCandidateClassNamedLikeAPackageRootIsRefusedInTheFallback() {
        var runtime = CATALOG.find("java").orElseThrow();
        String tests = "public class Main {\n  @org.junit.Test public void t() { org.junit.Assert.assertEquals(1, new Node().v()); }\n}\n";
        String code = "class Node { int v() { return 2; } }\nclass org { static Object junit; }\n";
        Program p = new JavaProgram().build(new Task("t", Dimension.CODE_GENERATION, "java", "", tests, null), code,
                runtime, "n");
        assertFalse(p.precheck().ok(), String.valueOf(p.precheck()));
    }

    @Test
    void javaFallbackTestsKeepTheJdkNamesACandidateClassWouldShadow() {
        var runtime = CATALOG.find("java").orElseThrow();
        String tests = "public class Main {\n  public static void main(String[] a) {\n    Node n = new Node(1);\n"
                + "    if (!Arrays.asList(1).equals(n.xs())) throw new AssertionError();\n  }\n}\n";
        String code = "import java.util.*;\nclass Node { Node(int v) { } List<Integer> xs() { return List.of(1); } }\n"
                + "class Arrays { static List<Integer> asList(int... x) { return null; } }\n";
        Program p = new JavaProgram().build(new Task("t", Dimension.CODE_GENERATION, "java", "import java.util.*;\n",
                tests, null), code, runtime, "n");
        String unit = new String(p.job().files().get("Main.java").content(), StandardCharsets.UTF_8);
        assertTrue(unit.contains("import java.util.Arrays;"), unit);
    }
}
