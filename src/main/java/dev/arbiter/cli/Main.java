package dev.arbiter.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * The entry point. Commands that need no container engine, store or server ({@code replay}, {@code fit-weights},
 * and {@code --help} / {@code --version} of any command) run as plain picocli commands without booting the
 * application, so they start in well under two seconds. Every other command boots it with only the parts it uses
 * ({@link Boot}): only {@code serve} opens the HTTP/gRPC server and the routing store.
 */
@QuarkusMain
public class Main implements QuarkusApplication {
    private static final Set<String> PLAIN = Set.of("replay", "fit-weights", "solve");
    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        String command = command(args);
        if (command == null || "help".equals(command) || PLAIN.contains(command) || List.of(args).stream().anyMatch(HELP::contains)) {
            System.exit(new CommandLine(new ArbiterCommand()).execute(args));
        }
        Boot.of(command).forEach(System::setProperty);
        if (runsNoSandbox(args)) {
            System.setProperty("arbiter.sandbox.enabled", "false");
        }
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        return new CommandLine(new ArbiterCommand(), factory).execute(args);
    }

    /**
     * A batch through a running service ({@code --url}: the service runs the sandboxes) and {@code score merge} (it
     * only reads and writes files). "merge" after "score" can only be the subcommand: picocli takes no subcommand
     * name as an option's value.
     */
    static boolean runsNoSandbox(String... args) {
        List<String> all = List.of(args);
        return all.stream().anyMatch(a -> a.equals("--url") || a.startsWith("--url="))
                || "score".equals(command(args)) && all.contains("merge");
    }

    static String command(String... args) {
        return List.of(args).stream().filter(a -> !a.startsWith("-")).findFirst().orElse(null);
    }

    /**
     * What a booted command starts. A property the user set (-D) wins, so a batch can still be pointed at a store.
     */
    enum Boot {
        /** The service: HTTP and gRPC server, the routing store (a file database by default), the sandboxes. */
        SERVICE(Map.of()),
        /** Verification without a server or routing store, warm pools filled as runtimes are used: score, eval-verifier. */
        VERIFIER(Map.of("quarkus.http.host-enabled", "false", "arbiter.db.url", "jdbc:h2:mem:cli",
                "quarkus.flyway.migrate-at-start", "false", "arbiter.router.eager", "false",
                "arbiter.sandbox.prefill", "false")),
        /** Routing without a server or sandboxes, on an in-memory store: bench-router. */
        ROUTER(Map.of("quarkus.http.host-enabled", "false", "arbiter.sandbox.enabled", "false",
                "arbiter.db.url", "jdbc:h2:mem:cli"));

        private final Map<String, String> properties;

        Boot(Map<String, String> properties) {
            this.properties = properties;
        }

        static Map<String, String> of(String command) {
            Boot boot = switch (command) {
                case "serve" -> SERVICE;
                case "bench-router" -> ROUTER;
                default -> VERIFIER;
            };
            Map<String, String> unset = new java.util.HashMap<>(boot.properties);
            unset.keySet().removeIf(k -> System.getProperty(k) != null);
            return unset;
        }
    }
}
