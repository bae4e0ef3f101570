package dev.arbiter.sandbox;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.support.Containers;
import dev.arbiter.support.Requests;
import dev.arbiter.verifier.Verifier;
import dev.arbiter.support.BoundaryOnly;
import dev.arbiter.support.HostileCases;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The C++ and Rust judge/candidate boundary against the real engine (strict mode): every case of
 * src/test/resources/hostile/{cpp,rust} (wrong answers that game the tests, and honest controls) gets its expected
 * status and one of its expected reasons.
 */
@QuarkusTest
@TestProfile(BoundaryOnly.class)
class CppRustBoundaryTest {
    @Inject
    ObjectMapper json;
    @Inject
    Verifier verifier;
    @Inject
    DockerClient docker;
    @Inject
    WarmPool pool;
    @Inject
    ContainerFactory factory;

    @AfterEach
    void nothingLeft() {
        Containers.awaitOnlyWarmPoolLeft(docker, pool, factory);
    }

    private List<HostileCases.Case> cases(String language) throws Exception {
        List<HostileCases.Case> cases = HostileCases.load(json, language);
        assertTrue(cases.size() >= 8, "the hostile " + language + " cases are missing");
        return cases;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpp", "rust"})
    void everyHostileCaseFailsAndEveryControlPasses(String language) throws Exception {
        List<String> wrong = HostileCases.problems(cases(language), verifier::verify);
        assertEquals(List.of(), wrong, language);
    }

    @Test
    void aCppCandidateThatExitsDuringTheCallFailsAndItsOutputIsKept() {
        Requests.verify(Requests.body("cpp", "#include <cstdio>\n#include <cstdlib>\nint sq(int x){\n",
                "#undef NDEBUG\n#include <assert.h>\nint main(){\n    assert(sq(3) == 9);\n}\n", "sq",
                "    printf(\"candidate says hello\\n\");\n    fflush(stdout);\n    exit(0);\n}\n"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("execution.output", containsString("candidate says hello"));
    }

    @Test
    void aRustSignatureThatCannotCrossStaysInProcessAndStillPasses() {
        String prompt = "use std::any::Any;\nfn count_ints(values: Vec<Box<dyn Any>>) -> usize {\n";
        String tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn counts() {\n"
                + "        assert_eq!(count_ints(vec![Box::new(1i32), Box::new(\"a\"), Box::new(2i32)]), 2);\n    }\n}\n";
        Requests.verify(Requests.body("rust", prompt, tests, "count_ints",
                "    values.iter().filter(|v| v.is::<i32>()).count()\n}\n"))
                .statusCode(200)
                .body("status", equalTo("passed"))
                .body("tests.total", equalTo(1));
        Requests.verify(Requests.body("rust", prompt, tests, "count_ints",
                "    std::process::exit(0)\n}\n"))
                .statusCode(200)
                .body("status", equalTo("failed"));
    }
}
