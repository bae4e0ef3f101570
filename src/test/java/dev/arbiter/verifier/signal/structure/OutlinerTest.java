package dev.arbiter.verifier.signal.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutlinerTest {
    private final Outliner outliner = new Outliner();

    private Outline outline(String language, String code) {
        return outliner.outline(language, code).orElseThrow();
    }

    private static List<String> signatures(Outline o) {
        return o.definitions().stream().map(Outline.Definition::signature).toList();
    }

    @Test
    void javaOutlineNamesMethodsByClassAndCountsBranchesAndNesting() {
        Outline o = outline("java", """
                class Stack {
                    private int[] items = new int[8];
                    public void push(int x) { if (x > 0) { for (int i = 0; i < x; i++) { if (i % 2 == 0 && x > 3) {} } } }
                    private int grow(int n, int m) { return n > m ? n : m; }
                }
                """);
        assertEquals(List.of("Stack.push/1", "Stack.grow/2"), signatures(o));
        assertEquals(false, o.definitions().get(1).api());
        assertEquals(5, o.branches());
        assertEquals(3, o.maxNesting());
    }

    @Test
    void eachTreeSitterLanguageYieldsItsFunctions() {
        assertEquals(List.of("Shape.area/1", "helper/2"), signatures(outline("python",
                "class Shape:\n    def area(self):\n        def inner(): pass\n        return 1\n\ndef helper(a, b):\n    return a\n")));
        assertEquals(List.of("add/2", "Box.size/0"), signatures(outline("javascript",
                "function add(a, b) { return a + b; }\nclass Box { size() { return 1; } }\n")));
        assertEquals(List.of("add/2", "Box.size/0"), signatures(outline("cpp",
                "int add(int a, int b) { return a + b; }\nint Box::size() { return 1; }\n")));
        assertEquals(List.of("Add/2"), signatures(outline("go", "package main\nfunc Add(a int, b int) int { return a + b }\n")));
        assertEquals(List.of("add/2", "Point.norm/1"), signatures(outline("rust",
                "fn add(a: i32, b: i32) -> i32 { a + b }\nimpl Point { fn norm(&self) -> f64 { 0.0 } }\n")));
    }

    @Test
    void comparisonSeparatesKeptRemovedChangedAndAdded() {
        Outline before = outline("python", "def a(x):\n    if x:\n        if x > 1:\n            return 1\n\ndef b(x):\n    return x\n\ndef c(): pass\n");
        Outline after = outline("python", "def a(x):\n    return 1 if x and x > 1 else None\n\ndef b(x, y=0):\n    return x\n\ndef _d(): pass\n");
        StructureReport r = StructureReport.compare(before, after);
        assertEquals(List.of("a/1"), r.kept());
        assertEquals(List.of("b/1"), r.signatureChanged());
        assertEquals(List.of("c/0"), r.removed());
        assertTrue(r.added().containsAll(List.of("b/2", "_d/0")));
        assertTrue(r.apiBroken());
        assertEquals(2, r.nestingBefore());
        assertEquals(0, r.nestingAfter());
    }

    @Test
    void codeThatDoesNotParseOrIsTooLargeHasNoOutline() {
        assertTrue(outliner.outline("python", "def (:\n").isEmpty());
        assertTrue(outliner.outline("java", "class {").isEmpty());
        assertTrue(outliner.outline("python", "x = 1\n".repeat(300_000)).isEmpty());
        assertTrue(outliner.outline("cobol", "anything").isEmpty());
    }
}
