package dev.arbiter.sandbox;

import java.util.List;
import java.util.Optional;

/** The results of a job's steps (those that ran) and where the time went. */
public record SandboxRun(List<StepResult> steps, long acquireMs, long totalMs, boolean warm) {

    public Optional<StepResult> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
