package dev.arbiter.verifier.scoring;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A cap on the confidence when something is wrong, whatever the weighted signals say (scoring.yaml's gates). */
public enum Gate {
    SYNTAX_ERROR, COMPILE_ERROR, SANDBOX_VIOLATION, FORBIDDEN_CONSTRUCT, PLACEHOLDER, TESTS_FAILED, API_CHANGED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The gate named so in scoring.yaml, if there is one. */
    public static Optional<Gate> named(String wireName) {
        return Arrays.stream(values()).filter(g -> g.wireName().equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName();
    }
}
