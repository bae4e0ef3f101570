package dev.arbiter.sandbox.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Resource limits of one runtime's containers, read from its runtime.yaml. */
public record Limits(
        @JsonProperty(value = "memory-mb", required = true) int memoryMb,
        @JsonProperty(value = "cpus", required = true) double cpus,
        @JsonProperty(value = "pids", required = true) int pids,
        @JsonProperty(value = "work-dir-mb", required = true) int workDirMb,
        @JsonProperty(value = "output-kb", required = true) int outputKb,
        @JsonProperty(value = "compile-timeout-seconds", required = true) int compileTimeoutSeconds,
        @JsonProperty(value = "run-timeout-seconds", required = true) int runTimeoutSeconds,
        @JsonProperty(value = "test-timeout-seconds", required = true) int testTimeoutSeconds) {

    /** Returns the problems with these values, empty when they are usable. */
    public java.util.List<String> problems() {
        var out = new java.util.ArrayList<String>();
        if (memoryMb < 32 || memoryMb > 16384) out.add("memory-mb must be within 32..16384");
        if (cpus <= 0 || cpus > 64) out.add("cpus must be within (0, 64]");
        if (pids < 8 || pids > 4096) out.add("pids must be within 8..4096");
        if (workDirMb < 1 || workDirMb > 4096) out.add("work-dir-mb must be within 1..4096");
        if (outputKb < 1 || outputKb > 65536) out.add("output-kb must be within 1..65536");
        if (compileTimeoutSeconds < 0 || compileTimeoutSeconds > 600) out.add("compile-timeout-seconds must be within 0..600");
        if (runTimeoutSeconds < 1 || runTimeoutSeconds > 600) out.add("run-timeout-seconds must be within 1..600");
        if (testTimeoutSeconds < 1 || testTimeoutSeconds > runTimeoutSeconds) {
            out.add("test-timeout-seconds must be within 1..run-timeout-seconds");
        }
        return out;
    }
}
