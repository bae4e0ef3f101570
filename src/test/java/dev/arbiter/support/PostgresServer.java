package dev.arbiter.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, throwaway PostgreSQL server for the tests: Debian's server programs (installed by {@code ./arbiter test}),
 * a fresh cluster in a temporary folder, on a free loopback port, stopped and deleted at the end. It can be stopped
 * and started again on the same port, to test a database restart. As root it runs under the {@code postgres} user
 * (the server refuses root). {@code fsync=off}: the tests crash Arbiter, never the database's host.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "arbiter";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Creates a cluster and starts it. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("arbiter-pg-");
        PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()), dir);
        }
        server.exec(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"));
        server.resume();
        return server;
    }

    /** Starts the stopped server again, on the same port and data. */
    public void resume() throws IOException, InterruptedException {
        exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start"));
    }

    /** Stops the server (fast shutdown: open connections are cut, as when a database goes away). */
    public void stop() throws IOException, InterruptedException {
        exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    }

    /** A new, empty database on this server; returns its JDBC URL. */
    public String newDatabase() throws SQLException {
        String name = "arbiter_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } catch (IOException alreadyStopped) {
            // stopped by the test
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void exec(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, dir);
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("arbiter-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                String log = Files.readString(out);
                Path serverLog = dir.resolve("server.log");
                throw new IOException(String.join(" ", command) + " failed: " + log
                        + (Files.isReadable(serverLog) ? "\nserver log:\n" + Files.readString(serverLog) : ""));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Where Debian keeps the server programs (the newest version), or ARBITER_PG_BIN. */
    private static Path binaries() throws IOException {
        String configured = System.getenv("ARBITER_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()
                                .replaceAll("\\D", "0"))));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL's server programs are not installed (Debian's postgresql; "
                + "./arbiter test installs it) and ARBITER_PG_BIN is not set");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
