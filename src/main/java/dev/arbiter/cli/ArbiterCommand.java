package dev.arbiter.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The arbiter command line: the service and the offline tools share one application. */
@TopCommand
@Command(name = "arbiter", mixinStandardHelpOptions = true,
        subcommands = {ServeCommand.class, EvalVerifierCommand.class, FitWeightsCommand.class,
                BenchRouterCommand.class, ReplayCommand.class, ScoreCommand.class},
        description = "Routes coding tasks to LLMs and verifies what they return.")
public class ArbiterCommand {
}
