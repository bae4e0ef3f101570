package dev.arbiter.verifier.program.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.program.RustProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How C++ and Rust tasks are split between the judge and the candidate (no sandbox needed). */
class BoundarySplitTest {
    private static final Path DATA = Path.of(System.getProperty("arbiter.datasets", "../shared/datasets"), "humanevalpack").toAbsolutePath().normalize();

    @Test
    void cppTypesAreSpelledCanonicallyAndOthersRefused() {
        assertEquals("std::vector<std::vector<int>>", CppTypes.canonical("vector<vector<int>>"));
        assertEquals("std::map<std::string, int>", CppTypes.canonical("std::map<string,int>"));
        assertEquals("long long", CppTypes.canonical("long long int"));
        assertEquals("std::tuple<int, double, char>", CppTypes.canonical("tuple<int,double,char>"));
        assertNull(CppTypes.canonical("boost::any"));
        assertNull(CppTypes.canonical("list_any"));
        assertNull(CppTypes.canonical("int*"));
    }

    @Test
    void rustTypesKeepTheirLifetimesForTheJudgeAndOwnEverythingForTheCandidate() {
        RustTypes.Rendered t = RustTypes.parse("Vec<&'a str>");
        assertEquals("Vec<&'a str>", t.judge());
        assertEquals("::std::vec::Vec<&'static str>", t.candidate());
        assertNull(RustTypes.parse("Vec<Box<dyn Any>>"));
        assertNull(RustTypes.parse("impl Iterator<Item = i32>"));
        assertNull(RustTypes.parse("RtnType<String, f64, i32>"));
    }

    @Test
    void theJudgeGetsNoCandidateTextAndMacrosStayWithTheCandidate() {
        String source = "#include <vector>\nusing namespace std;\n#define assert(x) 1\n"
                + "bool operator==(const vector<int>&, const vector<int>&) { return true; }\n"
                + "vector<int> f(vector<int> v) { return v; }\n";
        var split = CppBoundary.split("#include <vector>\nusing namespace std;\nvector<int> f(vector<int> v){\n", source,
                "#include <assert.h>\nint main(){ assert(f({1}) == vector<int>{1}); return 0; }\n", "f");
        assertTrue(split.plan().process());
        assertFalse(split.judge().contains("operator=="));
        assertFalse(split.judge().contains("#define assert"));
        assertTrue(split.candidate().contains("#undef assert"));
        assertTrue(split.judge().contains("std::vector<int> f(std::vector<int> a0)"));
    }

    @Test
    void rustFallbackPutsTheTestsFirstAndCallsStdMacrosByPath() {
        var split = RustBoundary.split("", "use std::any::Any;\nmacro_rules! assert_eq { ($($t:tt)*) => {} }\n"
                + "fn f(v: Vec<Box<dyn Any>>) -> usize { 0 }\n",
                "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn t() { assert_eq!(f(vec![]), 1); }\n}\n", "f");
        assertFalse(split.plan().process());
        assertEquals(List.of("tests::t"), split.tests());
        String c = split.candidate();
        assertTrue(c.indexOf("mod tests") < c.indexOf("macro_rules!"), c);
        assertTrue(c.contains("::std::assert_eq!"), c);
        assertTrue(c.contains("TestGuard::new(false)"), c);
    }

    @Test
    void nearlyEveryHumanEvalPackTaskCrossesTheBoundary() throws Exception {
        assertTrue(Files.isDirectory(DATA), "needs HumanEvalPack under " + DATA + " (see README, Data)");
        ObjectMapper json = new ObjectMapper();
        for (String lang : List.of("cpp", "rust")) {
            List<String> fallbacks = new ArrayList<>();
            for (String line : Files.readAllLines(DATA.resolve(lang).resolve("humanevalpack.jsonl"))) {
                JsonNode r = json.readTree(line);
                String prompt = r.get("prompt").asText();
                String solution = r.get("canonical_solution").asText();
                String code = prompt + solution;
                String tests = r.get("test").asText();
                String entry = r.get("entry_point").asText();
                boolean process;
                String judge;
                if (lang.equals("cpp")) {
                    var s = CppBoundary.split(prompt, code, tests, entry);
                    process = s.plan().process();
                    judge = s.judge();
                } else {
                    var s = RustBoundary.split(prompt, RustProgram.randCompat(code), RustProgram.randCompat(tests), entry);
                    process = s.plan().process();
                    judge = s.judge();
                }
                if (!process) {
                    fallbacks.add(r.get("task_id").asText());
                } else if (solution.strip().length() > 40) {
                    assertFalse(judge.contains(solution.strip()), r.get("task_id").asText() + ": the judge holds the candidate's code");
                }
            }
            // boost::any / Box<dyn Any> arguments and the candidate-defined RtnType (HumanEval/22 and /137).
            assertEquals(2, fallbacks.size(), lang + " fallbacks: " + fallbacks);
        }
    }
}
