package dev.arbiter.cli;

import io.quarkus.runtime.Quarkus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the HTTP service until the process is stopped. */
@Command(mixinStandardHelpOptions = true, name = "serve", description = "Run the service (REST on quarkus.http.port, 8080 by default).")
public class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Quarkus.waitForExit();
        return 0;
    }
}
