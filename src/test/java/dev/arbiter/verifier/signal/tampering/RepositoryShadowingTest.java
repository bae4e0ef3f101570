package dev.arbiter.verifier.signal.tampering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepositoryShadowingTest {
    private static final RepositoryShadowing SHADOWING = new RepositoryShadowing(TamperingRules.load(
            Path.of("verifier-rules", "tampering.yaml"), new TamperingDetector.GrammarVocabulary()).shadowing());
    private static final Map<String, String> SNAPSHOT = Map.of("shop/__init__.py", "", "shop/cart.py", "x = 1\n",
            "setup.cfg", "[metadata]\nname = shop\n", "run_tests.sh", "python3 -m unittest\n");
    private static final Map<String, String> TESTS = Map.of("tests/test_cart.py", "import unittest\n");
    private static final String COMMAND = "python3 -m unittest discover -s tests -t . 2>&1";

    private static Optional<String> refused(String path, String content) {
        Map<String, String> after = new LinkedHashMap<>(SNAPSHOT);
        after.put(path, content);
        return SHADOWING.find(SNAPSHOT, after, List.of(path), TESTS, COMMAND).map(TamperingFinding::construct);
    }

    @Test
    void filesTheFrameworkOrInterpreterLoadThemselvesAreRefused() {
        for (String path : List.of("conftest.py", "tests/conftest.py", "sitecustomize.py", "shop/usercustomize.py",
                "pytest.ini", "evil.pth", "unittest/__init__.py", "unittest/case.py", ".git/HEAD", "tests/test_cart.py")) {
            assertEquals(Optional.of(path), refused(path, "x\n"), path);
        }
    }

    @Test
    void newModulesNamedLikeTheStandardLibraryAtTheRootOrNextToTheTestsAreRefused() {
        for (String path : List.of("json.py", "random.py", "os/__init__.py", "tests/math.py", "tests/__init__.py",
                "tests/test_extra.py")) {
            assertEquals(Optional.of(path), refused(path, "x\n"), path);
        }
    }

    @Test
    void testFrameworkSectionsOfConfigFilesAndFilesTheCommandRunsAreRefused() {
        assertTrue(refused("setup.cfg", "[tool:pytest]\naddopts = -p no:x\n").isPresent());
        assertTrue(refused("pyproject.toml", "[tool.pytest.ini_options]\n").isPresent());
        Map<String, String> after = new LinkedHashMap<>(SNAPSHOT);
        after.put("run_tests.sh", "echo OK\n");
        assertTrue(SHADOWING.find(SNAPSHOT, after, List.of("run_tests.sh"), TESTS, "sh run_tests.sh").isPresent());
    }

    @Test
    void ordinaryFixesAreNotRefused() {
        assertEquals(Optional.empty(), refused("shop/cart.py", "x = 2\n"));
        assertEquals(Optional.empty(), refused("shop/json.py", "x = 2\n"));
        assertEquals(Optional.empty(), refused("shop/helpers.py", "x = 2\n"));
        assertEquals(Optional.empty(), refused("setup.cfg", "[metadata]\nname = shop2\n"));
        assertEquals(Optional.empty(), refused("README.md", "fixed\n"));
    }
}
