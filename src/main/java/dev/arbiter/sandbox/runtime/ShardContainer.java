package dev.arbiter.sandbox.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a runtime's shard containers differ from its own containers: room above the runtime's limits for the runner's
 * long-lived processes (a warm compiler, say), so that a candidate in a shard has the same memory and processes as
 * in a container of its own, and whether the engine's init runs as PID 1 to reap orphans (for a runner that cannot,
 * such as a JVM).
 */
public record ShardContainer(
        @JsonProperty(value = "memory-mb", required = true) int memoryMb,
        @JsonProperty(value = "pids", required = true) int pids,
        @JsonProperty("init") boolean init) {

    /** The default: no more memory, a few processes for the runner to clean up with, the runner as PID 1. */
    public static final ShardContainer DEFAULT = new ShardContainer(0, 8, false);

    public java.util.List<String> problems() {
        var out = new java.util.ArrayList<String>();
        if (memoryMb < 0 || memoryMb > 4096) out.add("shard-container.memory-mb must be within 0..4096");
        if (pids < 0 || pids > 1024) out.add("shard-container.pids must be within 0..1024");
        return out;
    }
}
