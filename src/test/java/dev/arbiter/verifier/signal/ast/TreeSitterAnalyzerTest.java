package dev.arbiter.verifier.signal.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TreeSitterAnalyzerTest {
    private final TreeSitterAnalyzer analyzer = new TreeSitterAnalyzer();

    private AstReport analyze(String language, String code, String entry) {
        return analyzer.analyze(language, code, entry).orElseThrow();
    }

    @Test
    void validPythonParsesAndDefinesItsEntryPoint() {
        AstReport r = analyze("python", "def f(x):\n    return x + 1\n", "f");
        assertTrue(r.parses());
        assertEquals(Boolean.TRUE, r.entryPointDefined());
        assertEquals(0, r.errors().size());
    }

    @Test
    void syntaxErrorsAreReportedWithTheirLine() {
        AstReport r = analyze("python", "def f(x):\n    return x +\n\ndef g(:\n    pass\n", "f");
        assertFalse(r.parses());
        assertTrue(r.errors().stream().anyMatch(e -> e.line() == 2 || e.line() == 4), r.errors().toString());
    }

    @Test
    void missingEntryPointIsNoticed() {
        assertEquals(Boolean.FALSE, analyze("go", "package main\nfunc Other() int { return 1 }\n", "Wanted").entryPointDefined());
        assertEquals(Boolean.TRUE, analyze("cpp", "#include <vector>\nint sq(int x){ return x * x; }\n", "sq").entryPointDefined());
        assertEquals(Boolean.TRUE, analyze("rust", "fn sq(x: i64) -> i64 { x * x }\n", "sq").entryPointDefined());
        assertEquals(Boolean.TRUE, analyze("javascript", "const sq = (x) => x * x;\n", "sq").entryPointDefined());
    }

    @Test
    void forbiddenCallsAreFoundPerLanguage() {
        assertEquals("os.system", analyze("python", "import os\ndef f():\n    os.system('rm -rf /')\n", "f").forbidden().get(0).what());
        assertEquals("process.exit", analyze("javascript", "function f() { process.exit(0); }\n", "f").forbidden().get(0).what());
        assertEquals("os.Exit", analyze("go", "package main\nimport \"os\"\nfunc F() { os.Exit(0) }\n", "F").forbidden().get(0).what());
        assertEquals("std::process::exit", analyze("rust", "fn f() { std::process::exit(0); }\n", "f").forbidden().get(0).what());
        assertEquals("system", analyze("cpp", "#include <cstdlib>\nint f(){ return system(\"ls\"); }\n", "f").forbidden().get(0).what());
        assertTrue(analyze("python", "def f(xs):\n    return sorted(xs)\n", "f").forbidden().isEmpty());
    }

    @Test
    void placeholdersAreFound() {
        AstReport py = analyze("python", "def f(x):\n    \"\"\"Doc.\"\"\"\n    pass\n", "f");
        assertEquals("pass", py.placeholders().get(0).what());
        assertEquals("...", analyze("python", "def f(x):\n    ...\n", "f").placeholders().get(0).what().replace("ellipsis", "..."));
        assertEquals("NotImplementedError",
                analyze("python", "def f(x):\n    raise NotImplementedError()\n", "f").placeholders().get(0).what());
        assertEquals("todo", analyze("rust", "fn f() -> i32 { todo!() }\n", "f").placeholders().get(0).what());
        assertEquals("TODO comment", analyze("go", "package main\n// TODO: write it\nfunc F() {}\n", "F").placeholders().get(0).what());
        assertTrue(analyze("python", "def f(x):\n    if x:\n        pass\n    return 1\n", "f").placeholders().isEmpty());
    }

    @Test
    void hugeInputIsRefusedNotParsed() {
        AstReport r = analyze("python", "x = 1\n".repeat(10_000_000), null);
        assertFalse(r.parses());
        assertNotNull(r.unparseable());
    }

    @Test
    void deepNestingIsRefusedWithoutOverflowingTheStack() {
        String nested = "x = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        AstReport r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> analyze("python", nested, null));
        assertFalse(r.parses());
        assertTrue(r.unparseable() != null || !r.errors().isEmpty(), r.toString());
    }

    @Test
    void aParseThatTimesOutIsNoTreeRatherThanACrash() {
        // tree-sitter answers a timeout with no tree; the binding wraps it anyway, and its root node crashed the JVM
        // (seen under load in CI, on deepNestingIsRefusedWithoutOverflowingTheStack's input)
        Grammar python = Grammar.of("python").orElseThrow();
        String big = "def f(x):\n    return [x, x, x]\n".repeat(200_000);
        assertEquals(null, python.parse(big, 1));
        assertNotNull(python.parse("def f():\n    return 1\n", 1_000_000));
    }

    @Test
    void invalidUtf8DecodedAsReplacementCharactersStillGetsAVerdict() {
        String broken = new String(new byte[] {'d', 'e', 'f', ' ', (byte) 0xC3, (byte) 0x28, '(', ')', ':'},
                java.nio.charset.StandardCharsets.UTF_8);
        AstReport r = analyze("python", broken, null);
        assertFalse(r.parses());
    }

    @Test
    void javaIsNotTreeSitters() {
        assertTrue(analyzer.analyze("java", "class A {}", null).isEmpty());
    }
}
