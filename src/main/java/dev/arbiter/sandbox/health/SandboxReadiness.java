package dev.arbiter.sandbox.health;

import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.pool.WarmPool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Docker engine answers; reports the engine version and every runtime's warm pool. */
@Readiness
@ApplicationScoped
public class SandboxReadiness implements HealthCheck {
    private final DockerClient docker;
    private final WarmPool pool;

    public SandboxReadiness(DockerClient docker, WarmPool pool) {
        this.docker = docker;
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("sandbox");
        try {
            docker.pingCmd().exec();
            builder.up().withData("engine", "up").withData("engineVersion", docker.versionCmd().exec().getVersion());
        } catch (RuntimeException e) {
            builder.down().withData("engine", "unreachable: " + e.getMessage());
        }
        for (WarmPool.PoolStatus status : pool.status()) {
            String value = status.idle() + "/" + status.target() + " warm"
                    + (status.lastError() != null ? "; last error: " + status.lastError() : "");
            builder.withData("pool." + status.runtime(), value);
        }
        builder.withData("pool.warmHits", pool.warmHits()).withData("pool.coldStarts", pool.coldStarts());
        return builder.build();
    }
}
