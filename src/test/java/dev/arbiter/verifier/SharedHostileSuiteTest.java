package dev.arbiter.verifier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import dev.arbiter.support.SharedIsolation;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile suite again, with the service in shared isolation: every case of a language whose runtime has a shard
 * runner (the others run strict in shared mode too, and {@link HostileSuiteTest} has them) must get the same right
 * verdict when its candidate runs in a shard.
 */
@QuarkusTest
@TestProfile(SharedIsolation.class)
class SharedHostileSuiteTest {
    @Inject
    RuntimeCatalog runtimes;

    @TestFactory
    Stream<DynamicTest> everyHostileAnswerFailsInAShardToo() throws IOException {
        Set<String> sharded = new TreeSet<>();
        runtimes.all().stream().filter(r -> r.hasShardRunner()).forEach(r -> {
            sharded.add(r.language());
            sharded.addAll(r.aliases());
        });
        assertTrue(sharded.containsAll(List.of("python", "java")), "runtimes with a shard runner: " + sharded);
        List<Path> files = HostileSuiteTest.cases(sharded);
        assertTrue(files.size() >= 30, "only " + files.size() + " hostile cases for " + sharded);
        return files.stream().map(f -> DynamicTest.dynamicTest(HostileSuiteTest.name(f), () -> HostileSuiteTest.run(f, false)));
    }
}
