package dev.arbiter.sandbox.runtime;

import java.util.List;

/**
 * One sandbox runtime: its language, the image built from sandbox-images/&lt;folder&gt;, the files it expects and the
 * commands that compile and run a candidate. A runtime with an {@code agent} keeps that program as PID 1 of its warm
 * containers: it takes a one-step job on stdin and runs it without {@code docker exec}. {@code standalone} (may be
 * null) builds and runs a candidate as a whole program, for input/output cases. A runtime with a {@code shardRunner}
 * can run such jobs in shared mode: many candidates, one after another, in one container per shard; its shard
 * containers are set up as {@code shardContainer} says.
 */
public record Runtime(
        String language,
        List<String> aliases,
        String folder,
        String image,
        String sourceFile,
        String testFile,
        List<String> compile,
        List<String> run,
        List<String> agent,
        List<String> shardRunner,
        ShardContainer shardContainer,
        Standalone standalone,
        Limits limits) {

    /** The same runtime with other limits (a task's own). */
    public Runtime withLimits(Limits other) {
        return new Runtime(language, aliases, folder, image, sourceFile, testFile, compile, run, agent, shardRunner,
                shardContainer, standalone, other);
    }

    public boolean hasAgent() {
        return !agent.isEmpty();
    }

    public boolean hasShardRunner() {
        return !shardRunner.isEmpty();
    }

    /** A job the agent (or the shard runner) takes: one step running the runtime's own run command. */
    public boolean agentRuns(dev.arbiter.sandbox.SandboxJob job) {
        return job.steps().size() == 1 && job.steps().get(0).command().equals(run);
    }

    /**
     * A job the shard runner takes: the agent's one run step, or, for a runtime whose runner compiles too, the
     * runtime's own compile step followed by its run step.
     */
    public boolean shardRuns(dev.arbiter.sandbox.SandboxJob job) {
        if (!hasShardRunner()) {
            return false;
        }
        if (agentRuns(job)) {
            return !compiles(); // a runner that compiles takes the compile step with the run step, never alone
        }
        var steps = job.steps();
        return compiles() && steps.size() == 2 && steps.get(0).name().equals("compile") && steps.get(0).command().equals(compile)
                && steps.get(1).name().equals("run") && steps.get(1).command().equals(run);
    }

    public boolean compiles() {
        return !compile.isEmpty();
    }
}
