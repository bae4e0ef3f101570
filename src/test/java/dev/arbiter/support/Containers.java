package dev.arbiter.support;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.docker.SandboxLabels;
import dev.arbiter.sandbox.pool.WarmPool;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Looks at the engine's labelled sandbox containers from tests. */
public final class Containers {
    private Containers() {
    }

    public static Set<String> ownedByThisService(DockerClient docker) {
        List<Container> all = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SandboxLabels.SANDBOX, "1", SandboxLabels.OWNER, SandboxLabels.self())).exec();
        Set<String> ids = new HashSet<>();
        all.forEach(c -> ids.add(c.getId()));
        return ids;
    }

    /** Waits until the only labelled containers of this service are the warm pool's and idle network holders. */
    public static void awaitOnlyWarmPoolLeft(DockerClient docker, WarmPool pool, ContainerFactory factory) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Set<String> idle = new HashSet<>(pool.idleIds());
            idle.addAll(factory.holdersKeptFor(idle));
            return idle.containsAll(ownedByThisService(docker));
        });
    }
}
