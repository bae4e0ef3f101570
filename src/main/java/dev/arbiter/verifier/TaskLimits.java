package dev.arbiter.verifier;

import dev.arbiter.sandbox.SandboxConfig;
import dev.arbiter.sandbox.runtime.Limits;
import dev.arbiter.sandbox.runtime.Runtime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A task's own limits (task.limits) laid over its runtime's: each value the task gives replaces the runtime's, within
 * the service's maxima (arbiter.sandbox.max-task-limits). A task may always ask for less than the defaults. When the
 * task lowers the run limit below the runtime's per-test limit, the per-test limit follows it down.
 */
@ApplicationScoped
public class TaskLimits {
    private final SandboxConfig.MaxTaskLimits max;

    @Inject
    public TaskLimits(SandboxConfig config) {
        this(config.maxTaskLimits());
    }

    public TaskLimits(SandboxConfig.MaxTaskLimits max) {
        this.max = max;
    }

    /**
     * @return the runtime itself when the task asks nothing different, else the runtime with the task's limits
     * @throws LimitsRefusedException when a value is above the service's maximum (and the runtime's own value)
     */
    public Runtime apply(Runtime runtime, Task.Limits asked) {
        if (asked == null) {
            return runtime;
        }
        Limits base = runtime.limits();
        int run = value("runSeconds", asked.runSeconds(), base.runTimeoutSeconds(), max.runSeconds());
        int test = value("testSeconds", asked.testSeconds(), base.testTimeoutSeconds(), max.testSeconds());
        int memory = value("memoryMb", asked.memoryMb(), base.memoryMb(), max.memoryMb());
        if (asked.testSeconds() == null) {
            test = Math.min(test, run);
        } else if (test > run) {
            throw new LimitsRefusedException("task.limits.testSeconds", "task.limits.testSeconds " + test
                    + " is more than the run limit of " + run + " s");
        }
        Limits wanted = new Limits(memory, base.cpus(), base.pids(), base.workDirMb(), base.outputKb(),
                base.compileTimeoutSeconds(), run, test);
        return wanted.equals(base) ? runtime : runtime.withLimits(wanted);
    }

    private static int value(String name, Integer asked, int runtimeDefault, int serviceMax) {
        if (asked == null) {
            return runtimeDefault;
        }
        int ceiling = Math.max(serviceMax, runtimeDefault);
        if (asked > ceiling) {
            throw new LimitsRefusedException("task.limits." + name, "task.limits." + name + " " + asked
                    + " is more than this service allows (" + ceiling + ")");
        }
        return asked;
    }
}
