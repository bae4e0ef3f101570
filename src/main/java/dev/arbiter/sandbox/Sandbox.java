package dev.arbiter.sandbox;

import dev.arbiter.sandbox.runtime.Runtime;

/**
 * Runs one job in a fresh, isolated environment that is destroyed afterwards. Docker today; another engine
 * (Kubernetes, gVisor) can implement the same contract.
 */
public interface Sandbox {

    /**
     * Copies the job's files in, runs its steps in order and returns what each did.
     *
     * @throws SandboxUnavailableException when the infrastructure, not the candidate, failed
     * @throws java.util.concurrent.CancellationException when the client's cancellation stopped the job
     */
    SandboxRun run(Runtime runtime, SandboxJob job, SandboxClient client);

    /** A job for the service itself: the configured isolation, never cancelled. */
    default SandboxRun run(Runtime runtime, SandboxJob job) {
        return run(runtime, job, SandboxClient.DEFAULT);
    }
}
