package dev.arbiter.verifier.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProgramAssemblyTest {
    private static final RuntimeCatalog CATALOG = new RuntimeCatalog(Path.of("sandbox-images"));

    private static Task task(String lang, String prompt, String tests, String entry) {
        return new Task("t", Dimension.CODE_GENERATION, lang, prompt, tests, entry);
    }

    @Test
    void pythonFullDefinitionGetsThePromptsImports() {
        String prompt = "from typing import List\nimport math\n\ndef f(xs: List[int]) -> int:\n    \"\"\"doc\"\"\"\n";
        String program = PythonProgram.assemble(task("python", prompt, null, "f"), "def f(xs):\n    return 1\n");
        assertEquals("from typing import List\nimport math\ndef f(xs):\n    return 1\n", program);
    }

    @Test
    void pythonBodyIsAppendedToThePrompt() {
        String program = PythonProgram.assemble(task("python", "def f():\n", null, "f"), "    return 1\n");
        assertEquals("def f():\n    return 1\n", program);
    }

    @Test
    void cppTestsMainGetsAnExplicitReturnBeforeItsClosingBrace() {
        String tests = "int main(){\n  const char* s = \"}\"; // }\n  assert(f() == '}');\n}\n";
        String fixed = CppProgram.returnZeroAtEndOfMain(tests);
        assertEquals("int main(){\n  const char* s = \"}\"; // }\n  assert(f() == '}');\n\nreturn 0;\n}\n", fixed);
    }

    @Test
    void javaCandidateAndTestsAreSeparateUnitsTheTestsJudgeOnly() {
        var runtime = CATALOG.find("java").orElseThrow();
        String code = "import java.util.*;\npublic class Solution { int one() { return 1; } }\n"
                + "public class Main { public static void main(String[] a) { System.out.println(1); } }\n";
        Program program = new JavaProgram().build(task("java", "class Solution {\n", "public class Main {}\n", "one"),
                code, runtime, "n");
        assertTrue(program.precheck().ok());
        assertFalse(program.source().contains("public class Solution"), program.source());
        assertFalse(program.source().contains("class Main"), program.source());
        String candidate = new String(program.job().files().get("Candidate.java").content(), StandardCharsets.UTF_8);
        assertFalse(candidate.contains("class Main"), candidate);
        var tests = program.job().files().get("Main.java");
        assertTrue(tests.judgeOnly());
        assertTrue(program.job().files().get("meta.properties").judgeOnly());
        assertTrue(new String(tests.content(), StandardCharsets.UTF_8).contains("public class Main {}"));
    }

    @Test
    void javaSyntaxErrorIsFoundBeforeTheSandboxWithItsLine() {
        var runtime = CATALOG.find("java").orElseThrow();
        Program program = new JavaProgram().build(task("java", "", null, null), "class A {\n  int x( {\n}\n", runtime, "n");
        assertFalse(program.precheck().ok());
        assertEquals(2, program.precheck().line());
        assertNull(program.job());
    }

    @Test
    void deeplyNestedJavaIsRejectedNotACrash() {
        var runtime = CATALOG.find("java").orElseThrow();
        String nested = "class A { int x = " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + "; }";
        Program program = new JavaProgram().build(task("java", "", null, null), nested, runtime, "n");
        assertFalse(program.precheck().ok());
    }

    @Test
    void indentedDefinitionsInsideACompletionBodyDoNotCountAsFullCode() {
        String jsBody = "  let f = 1\n  return [f]\n}\n";
        assertEquals("const f = (n) => {\n" + jsBody,
                JavascriptProgram.assemble(task("javascript", "const f = (n) => {\n", null, "f"), jsBody));
        String cppBody = "    if (fib(n - 1) > 0) {\n        return fib(n - 1) + fib(n - 2);\n    }\n    return 1;\n}\n";
        assertEquals("int fib(int n){\n" + cppBody, CppProgram.assemble(task("cpp", "int fib(int n){\n", null, "fib"), cppBody));
        String pyBody = "    def f(x):\n        return x\n    return f(1)\n";
        assertEquals("def f():\n" + pyBody, PythonProgram.assemble(task("python", "def f():\n", null, "f"), pyBody));
    }

    @Test
    void javaLocalClassInACompletionBodyKeepsThePrompt() {
        var runtime = CATALOG.find("java").orElseThrow();
        String prompt = "class Solution {\n    public boolean ok(int a) {\n";
        String body = "        class Helper {\n            static boolean t() { return true; }\n        }\n"
                + "        return Helper.t();\n    }\n}\n";
        Program program = new JavaProgram().build(task("java", prompt, null, "ok"), body, runtime, "n");
        assertTrue(program.precheck().ok(), String.valueOf(program.precheck().message()));
        assertTrue(program.source().startsWith(prompt), program.source());
    }

    @Test
    void goPartsShareOnePackageAndOnlyUsedImports() {
        String program = "package main\n\nimport (\n    \"math\"\n    \"strings\"\n)\n\nfunc Root(x float64) float64 {\n    return math.Sqrt(x)\n}\n";
        String tests = "func TestRoot(t *testing.T) {\n    assert.Equal(t, 2.0, Root(4))\n}\n";
        String file = GoProgram.merge(program, tests);
        assertTrue(file.startsWith("package main\n\nimport (\n    \"math\"\n"), file);
        assertTrue(file.contains("    \"testing\"\n") && file.contains("    \"github.com/stretchr/testify/assert\"\n"), file);
        assertFalse(file.contains("strings"), "unused import kept: " + file);
        assertEquals(1, file.split("package main", -1).length - 1);
    }

    @Test
    void goStandardPackagesUsedWithoutImportAreAdded() {
        String file = GoProgram.merge("func F(s string) int {\n    n, _ := strconv.Atoi(strings.TrimSpace(s))\n    return n\n}\n", "");
        assertTrue(file.contains("\"strconv\"") && file.contains("\"strings\""), file);
        assertFalse(file.contains("\"testing\""), file);
    }

    @Test
    void rustRand07GenRangeIsRewrittenToTheRangeForm() {
        assertEquals("let n = 2 * (1 + rng.gen_range(0..4)); let c = rng.gen_range(b'a'..b'z');",
                RustProgram.randCompat("let n = 2 * (1 + rng.gen_range(0, 4)); let c = rng.gen_range(b'a', b'z');"));
        assertEquals("rng.gen_range(0..n)", RustProgram.randCompat("rng.gen_range(0..n)"));
    }
}
