package dev.arbiter.sandbox;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why the sandbox stopped a step before it ended on its own. */
public enum KillCause {
    TIMEOUT("the run exceeded its run limit (CPU seconds for Python's judged tests, wall-clock time otherwise) and was stopped"),
    MEMORY_LIMIT("the run exceeded its memory limit and was killed"),
    OUTPUT_LIMIT("the run printed more than the output limit and was killed"),
    SIGNAL("the run was killed by a signal"),
    CONTAINER_DIED("the sandbox container stopped during the run");

    private final String sentence;

    KillCause(String sentence) {
        this.sentence = sentence;
    }

    /** The cause in a sentence, for a verdict's detail. */
    public String sentence() {
        return sentence;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
