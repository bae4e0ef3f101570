package dev.arbiter.sandbox.docker;

/**
 * A candidate's end as the Python agent and the shard runner report it: 0-127 its exit code, 128 + n a signal
 * (137: killed, not by Arbiter), 255 killed by the kernel for memory.
 */
record AgentExit(int exitCode, String killedBy) {
    static final int OUT_OF_MEMORY = 255;

    static AgentExit of(int status) {
        if (status == OUT_OF_MEMORY) {
            return new AgentExit(137, "memory_limit");
        }
        return new AgentExit(status, status == 137 ? "signal" : null);
    }
}
