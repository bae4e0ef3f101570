package dev.arbiter.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.arbiter.sandbox.SandboxConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;

/** The one Docker client of the service, over the zero-dependency transport. */
public class DockerClientProducer {

    @Produces
    @Singleton
    @DefaultBean
    DockerClient dockerClient(SandboxConfig config) {
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        config.dockerHost().ifPresent(builder::withDockerHost);
        var clientConfig = builder.build();
        var http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost())
                .sslConfig(clientConfig.getSSLConfig())
                .maxConnections(128)
                .connectionTimeout(Duration.ofSeconds(3))
                // Steps enforce their own wall-clock limits; this only bounds a silent, stuck engine.
                .responseTimeout(Duration.ofMinutes(15))
                .build();
        return DockerClientImpl.getInstance(clientConfig, http);
    }

    void close(@Disposes DockerClient client) throws IOException {
        client.close();
    }
}
