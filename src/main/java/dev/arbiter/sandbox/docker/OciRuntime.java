package dev.arbiter.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Which OCI runtime the engine starts sandbox containers with. {@code auto} prefers crun when the engine offers it:
 * crun (C) starts a container in less time than the engine's default runc (Go), which matters when every candidate
 * gets a fresh container. If the engine then refuses to start a container with it (a host whose cgroup layout crun
 * does not support, say), auto falls back to the engine's default for good. Any other value is used as given;
 * {@code default} means the engine's default.
 */
final class OciRuntime {
    static final String AUTO = "auto";
    static final String DEFAULT = "default";
    private static final String PREFERRED = "crun";
    private static final Logger LOG = Logger.getLogger(OciRuntime.class);

    private final DockerClient docker;
    private final String configured;
    private volatile boolean resolved;
    private volatile String chosen;

    OciRuntime(DockerClient docker, String configured) {
        this.docker = docker;
        this.configured = configured;
    }

    /** The runtime's name for a container's host config, or null for the engine's default. */
    String name() {
        if (!resolved) {
            synchronized (this) {
                if (!resolved) {
                    try {
                        chosen = resolve();
                        resolved = true;
                    } catch (RuntimeException e) {
                        return null; // the engine did not answer: its default for now, ask again next time
                    }
                }
            }
        }
        return chosen;
    }

    /** After a failed start: whether auto gave up its preference (so a retry uses the engine's default). */
    boolean fallBack(RuntimeException failure) {
        if (!AUTO.equals(configured) || name() == null) {
            return false;
        }
        String message = String.valueOf(failure.getMessage());
        if (!message.contains("OCI runtime") && !message.contains(PREFERRED)) {
            return false;
        }
        LOG.warnf("the engine could not start a sandbox with %s, using its default OCI runtime from now on: %s",
                PREFERRED, message);
        chosen = null;
        return true;
    }

    private String resolve() {
        if (DEFAULT.equals(configured)) {
            return null;
        }
        if (!AUTO.equals(configured)) {
            return configured;
        }
        Map<String, ?> runtimes = docker.infoCmd().exec().getRuntimes();
        return runtimes != null && runtimes.containsKey(PREFERRED) ? PREFERRED : null;
    }
}
