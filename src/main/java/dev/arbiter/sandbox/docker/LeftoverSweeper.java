package dev.arbiter.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.arbiter.sandbox.SandboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes labelled sandbox containers nobody uses any more, like Testcontainers' resource reaper: this instance's
 * containers it no longer tracks, containers of ended processes on this host, and any sandbox container older than
 * the pool's maximum age plus a margin (another host's leftovers on a shared engine).
 */
@ApplicationScoped
public class LeftoverSweeper {
    private static final Logger LOG = Logger.getLogger(LeftoverSweeper.class);
    /** A container this young may be between its creation and its registration as live. */
    private static final long REGISTRATION_GRACE_MS = 60_000;
    private static final long FOREIGN_MARGIN_MS = 5 * 60_000;

    private final DockerClient docker;
    private final ContainerFactory containers;
    private final SandboxConfig config;

    public LeftoverSweeper(DockerClient docker, ContainerFactory containers, SandboxConfig config) {
        this.docker = docker;
        this.containers = containers;
        this.config = config;
    }

    /** Sweeps once; returns how many containers it removed. Engine errors are logged, never thrown. */
    public int sweep() {
        List<Container> labelled;
        try {
            labelled = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(SandboxLabels.SANDBOX, "1")).exec();
        } catch (RuntimeException e) {
            LOG.debugf("sweep skipped, engine unavailable: %s", e.getMessage());
            return 0;
        }
        Set<String> live = containers.live();
        long now = System.currentTimeMillis();
        int removed = 0;
        for (Container c : labelled) {
            if (isLeftover(c, live, now) && containers.remove(c.getId())) {
                removed++;
            }
        }
        if (removed > 0) {
            LOG.infof("swept %d leftover sandbox container(s)", removed);
        }
        return removed;
    }

    boolean isLeftover(Container c, Set<String> live, long now) {
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        String owner = labels.get(SandboxLabels.OWNER);
        long age = now - c.getCreated() * 1000L;
        if (SandboxLabels.self().equals(owner)) {
            return !live.contains(c.getId()) && age > REGISTRATION_GRACE_MS;
        }
        if (SandboxLabels.ownerIsGoneFromThisHost(owner)) {
            return true;
        }
        return age > config.maxContainerAge().toMillis() + FOREIGN_MARGIN_MS;
    }
}
