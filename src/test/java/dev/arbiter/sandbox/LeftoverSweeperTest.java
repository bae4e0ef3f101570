package dev.arbiter.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.arbiter.sandbox.docker.LeftoverSweeper;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.docker.SandboxLabels;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweeper removes containers an ended process left behind and leaves the live pool alone. */
@QuarkusTest
class LeftoverSweeperTest {
    @Inject
    DockerClient docker;
    @Inject
    LeftoverSweeper sweeper;
    @Inject
    WarmPool pool;
    @Inject
    RuntimeCatalog catalog;
    @Inject
    ContainerFactory factory;

    @Test
    void containerOfAnEndedProcessIsRemovedAndThePoolIsKept() throws Exception {
        String deadOwner = InetAddress.getLocalHost().getHostName() + "/" + Integer.MAX_VALUE + "/1";
        String image = catalog.find("python").orElseThrow().image();
        String leftover = docker.createContainerCmd(image).withCmd("sleep", "infinity")
                .withLabels(Map.of(SandboxLabels.SANDBOX, "1", SandboxLabels.OWNER, deadOwner)).exec().getId();
        docker.startContainerCmd(leftover).exec();

        sweeper.sweep();

        assertFalse(exists(leftover), "leftover container should be removed");
        for (String id : pool.idleIds()) {
            assertTrue(exists(id), "warm container " + id + " should be kept");
        }
        for (String id : factory.holdersKeptFor(pool.idleIds())) {
            assertTrue(exists(id), "network holder " + id + " should be kept");
        }
    }

    private boolean exists(String id) {
        for (Container c : docker.listContainersCmd().withShowAll(true).exec()) {
            if (c.getId().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
