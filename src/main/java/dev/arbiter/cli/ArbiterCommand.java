package dev.arbiter.cli;

import picocli.CommandLine.Command;

/** The arbiter command line: the service and the offline tools share one application. */
@Command(name = "arbiter", mixinStandardHelpOptions = true,
        subcommands = {ServeCommand.class, EvalVerifierCommand.class, FitWeightsCommand.class,
                BenchRouterCommand.class, ReplayCommand.class, ScoreCommand.class, SolveCommand.class},
        description = "Routes coding tasks to LLMs and verifies what they return.")
public class ArbiterCommand {
}
