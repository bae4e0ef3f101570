package dev.arbiter.verifier;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The task dimensions of CodeRouterBench; agentic_programming is the out-of-distribution one. */
public enum Dimension {
    CODE_GENERATION, ALGORITHM, BUG_FIXING, CODE_COMPLETION, CODE_REFACTORING, DATA_SCIENCE, MULTI_LANGUAGE,
    CODE_UNDERSTANDING, TEST_GENERATION, AGENTIC_PROGRAMMING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Dimension fromWire(String value) {
        for (Dimension d : values()) {
            if (d.wireName().equalsIgnoreCase(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dimension '" + value + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Dimension::wireName).collect(Collectors.joining(", "));
    }
}
