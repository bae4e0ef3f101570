package dev.arbiter.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A pool fills to its targets, hands out each container once, and on shutdown removes every container it made. */
@QuarkusTest
class WarmPoolLifecycleTest {
    @Inject
    DockerClient docker;
    @Inject
    RuntimeCatalog catalog;
    @Inject
    SandboxConfig config;

    @Test
    void poolFillsServesEachContainerOnceAndLeavesNothingOnShutdown() throws Exception {
        ContainerFactory factory = new ContainerFactory(docker);
        WarmPool pool = new WarmPool(factory, catalog, config);
        pool.open();
        int target = pool.status().stream().mapToInt(WarmPool.PoolStatus::target).sum();
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.idleIds().size() == target);

        var python = catalog.find("python").orElseThrow();
        Set<String> handedOut = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            WarmPool.Lease lease = pool.acquire(python);
            assertTrue(handedOut.add(lease.container().id()), "a container was handed out twice");
            pool.discard(lease.container());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.idleIds().size() == target);
        Set<String> made = new HashSet<>(factory.live());
        made.addAll(handedOut);

        pool.close();
        factory.close();

        List<String> remaining = docker.listContainersCmd().withShowAll(true).exec().stream()
                .map(c -> c.getId()).filter(made::contains).toList();
        assertEquals(List.of(), remaining);
    }
}
