package dev.arbiter.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The packaged service (target/quarkus-app) as a child process on a free port, with its own database file; stopped
 * with SIGKILL when a test wants to see what survives a crash.
 */
final class ServiceProcess implements AutoCloseable {
    private final Path log;
    private Process process;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private final String database;

    /** A service on its own H2 file in {@code dataDir}. */
    ServiceProcess(Path dataDir) {
        this(dataDir, "jdbc:h2:file:" + dataDir.resolve("arbiter").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    /** A service on the store at {@code database} (a PostgreSQL URL: a replica), logging into {@code dataDir}. */
    ServiceProcess(Path dataDir, String database) {
        this.database = database;
        this.log = dataDir.resolve("service.log");
    }

    void start(String... extraArgs) throws Exception {
        port = freePort();
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Darbiter.sandbox.pool-size.python=1", "-Darbiter.sandbox.pool-size.java=1",
                "-Darbiter.db.url=" + database));
        command.addAll(List.of(extraArgs));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar", "serve"));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited: " + Files.readString(log));
            }
            try {
                if (get("/q/health/live").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("service did not start in 120 s: " + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A normal stop (SIGTERM), so the service removes its warm containers; SIGKILL if it takes over 30 s. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
