package dev.arbiter.sandbox.docker;

import dev.arbiter.sandbox.KillCause;

/**
 * A candidate's end as the Python agent and the shard runner report it: 0-127 its exit code, 128 + n a signal
 * (137: killed, not by Arbiter), 255 killed by the kernel for memory.
 */
record AgentExit(int exitCode, KillCause killedBy) {
    static final int OUT_OF_MEMORY = 255;

    static AgentExit of(int status) {
        if (status == OUT_OF_MEMORY) {
            return new AgentExit(137, KillCause.MEMORY_LIMIT);
        }
        return new AgentExit(status, status == 137 ? KillCause.SIGNAL : null);
    }
}
