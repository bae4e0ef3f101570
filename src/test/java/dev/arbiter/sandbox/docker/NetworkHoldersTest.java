package dev.arbiter.sandbox.docker;

import static dev.arbiter.support.Requests.pythonReturningOne;
import static dev.arbiter.support.Requests.verify;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import dev.arbiter.support.Containers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sandbox containers that join network namespaces kept by holder containers, and the OCI runtime they start with. */
@QuarkusTest
class NetworkHoldersTest {
    /**
     * Serves one connection on port 5000 and closes its end first, which would leave the port in TIME_WAIT in an
     * ordinary network namespace; checks that loopback is the only interface.
     */
    private static final String PORT_USER = """
            import socket
            def f():
                names = [name for _, name in socket.if_nameindex()]
                assert names == ['lo'], names
                server = socket.socket()
                server.bind(('127.0.0.1', 5000))
                server.listen(1)
                client = socket.create_connection(('127.0.0.1', 5000))
                conn, _ = server.accept()
                conn.close()
                client.recv(1)
                client.close()
                server.close()
                return 1
            """;

    @Inject
    DockerClient docker;
    @Inject
    WarmPool pool;
    @Inject
    ContainerFactory factory;
    @Inject
    RuntimeCatalog runtimes;

    @AfterEach
    void nothingLeft() {
        Containers.awaitOnlyWarmPoolLeft(docker, pool, factory);
    }

    @Test
    void consecutiveCandidatesInOneNamespaceFindItAsNew() {
        for (int i = 0; i < 4; i++) {
            verify(pythonReturningOne(PORT_USER)).statusCode(200)
                    .body("status", equalTo("passed"))
                    .body("tests.passed", equalTo(1));
        }
        assertFalse(factory.holdersKeptFor(pool.idleIds()).isEmpty(), "warm containers wait in holders' namespaces");
    }

    @Test
    void holdersStoppedUnderneathAreReplaced() {
        verify(pythonReturningOne(PORT_USER)).statusCode(200).body("status", equalTo("passed"));
        var holders = docker.listContainersCmd().withLabelFilter(Map.of(SandboxLabels.OWNER, SandboxLabels.self(),
                SandboxLabels.RUNTIME, "network-holder")).exec();
        assertFalse(holders.isEmpty());
        holders.forEach(c -> docker.killContainerCmd(c.getId()).exec());
        // More candidates than the warm pool holds: the later ones start in containers made after the kill.
        for (int i = 0; i < 8; i++) {
            verify(pythonReturningOne(PORT_USER)).statusCode(200).body("status", equalTo("passed"));
        }
    }

    @Test
    void anUnknownOciRuntimeIsAnUnavailableSandboxAndLeavesNothing() {
        var python = runtimes.find("python").orElseThrow();
        var broken = new ContainerFactory(docker, true, "no-such-runtime", Duration.ofMinutes(1));
        try {
            assertThrows(SandboxUnavailableException.class, () -> broken.start(python));
            assertTrue(broken.live().isEmpty(), () -> "left: " + broken.live());
        } finally {
            broken.close();
        }
    }

    @Test
    void withoutHoldersEachContainerHasItsOwnLoopbackOnlyNamespace() {
        var python = runtimes.find("python").orElseThrow();
        var plain = new ContainerFactory(docker, false, OciRuntime.DEFAULT, Duration.ofMinutes(1));
        SandboxContainer container = plain.start(python);
        try {
            var host = docker.inspectContainerCmd(container.id()).exec().getHostConfig();
            assertEquals("none", host.getNetworkMode());
            assertEquals("0", host.getSysctls().get("net.ipv4.tcp_max_tw_buckets"));
            assertTrue(plain.idleHolders().isEmpty());
        } finally {
            assertTrue(plain.remove(container.id()));
            plain.close();
        }
    }
}
