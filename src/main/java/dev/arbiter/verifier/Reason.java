package dev.arbiter.verifier;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.arbiter.sandbox.KillCause;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why a verdict is what it is, in one word. The properties are what other modules decide on, so that a renamed
 * reason is a compile error there instead of a silently broken string match: {@link #isInfrastructure()} (the sandbox
 * failed, not the candidate: HTTP 503 / gRPC UNAVAILABLE), {@link #isGate()} (the verdict is settled before any
 * weighing: confidence 0), {@link #isFixable()} (the same model may fix it when shown the error) and
 * {@link #killCause()} (the sandbox stopped the run).
 */
public enum Reason {
    ALL_TESTS_PASSED,
    NO_TESTS,
    TESTS_FAILED,
    TEST_TIMEOUT,
    RUNTIME_ERROR,
    INCOMPLETE_REPORT,
    /** The candidate tried to forge its verdict: a construct found statically, or a report the judge did not write. */
    TAMPERING(Flags.GATE),
    SYNTAX_ERROR(Flags.GATE | Flags.FIXABLE),
    COMPILE_ERROR(Flags.GATE | Flags.FIXABLE),
    UNPARSEABLE(Flags.GATE | Flags.FIXABLE),
    NO_CODE(Flags.GATE | Flags.FIXABLE),
    NO_PATCH(Flags.GATE),
    PATCH_DOES_NOT_APPLY(Flags.GATE | Flags.FIXABLE),
    UNCHANGED(Flags.GATE),
    TIMEOUT(KillCause.TIMEOUT, false),
    MEMORY_LIMIT(KillCause.MEMORY_LIMIT, false),
    OUTPUT_LIMIT(KillCause.OUTPUT_LIMIT, false),
    SIGNAL(KillCause.SIGNAL, false),
    CONTAINER_DIED(KillCause.CONTAINER_DIED, false),
    COMPILE_TIMEOUT(KillCause.TIMEOUT, true),
    COMPILE_MEMORY_LIMIT(KillCause.MEMORY_LIMIT, true),
    COMPILE_OUTPUT_LIMIT(KillCause.OUTPUT_LIMIT, true),
    COMPILE_SIGNAL(KillCause.SIGNAL, true),
    COMPILE_CONTAINER_DIED(KillCause.CONTAINER_DIED, true),
    SANDBOX_UNAVAILABLE(Flags.INFRASTRUCTURE),
    /** The task's own tests do not parse: nothing can be said of the candidate. */
    INVALID_TESTS,
    NO_ANSWER_KEY,
    ANSWER_MATCHES_KEY,
    ANSWER_DIFFERS_FROM_KEY,
    FAILS_ON_REFERENCE,
    WEAK_TESTS;

    private static final Map<String, Reason> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(Reason::wireName, Function.identity()));

    private final int flags;
    private final KillCause killCause;
    private final boolean duringCompile;

    Reason() {
        this(0);
    }

    Reason(int flags) {
        this.flags = flags;
        this.killCause = null;
        this.duringCompile = false;
    }

    Reason(KillCause cause, boolean duringCompile) {
        this.flags = duringCompile ? Flags.GATE : 0;
        this.killCause = cause;
        this.duringCompile = duringCompile;
    }

    private static final class Flags {
        static final int GATE = 1;
        static final int FIXABLE = 2;
        static final int INFRASTRUCTURE = 4;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Reason of(String wireName) {
        Reason reason = BY_WIRE_NAME.get(wireName);
        if (reason == null) {
            throw new IllegalArgumentException("unknown verdict reason '" + wireName + "'");
        }
        return reason;
    }

    /** The reason for a run the sandbox stopped, while compiling or while running. */
    public static Reason killed(KillCause cause, boolean whileCompiling) {
        return Arrays.stream(values()).filter(r -> r.killCause == cause && r.duringCompile == whileCompiling)
                .findFirst().orElseThrow();
    }

    /** The sandbox failed, not the candidate: the verdict judges nothing (HTTP 503). */
    public boolean isInfrastructure() {
        return (flags & Flags.INFRASTRUCTURE) != 0;
    }

    /** The verdict is settled before any weighing (the code was refused, or did not build, or tampered). */
    public boolean isGate() {
        return (flags & Flags.GATE) != 0;
    }

    /** A mistake the same model can fix when shown the error. */
    public boolean isFixable() {
        return (flags & Flags.FIXABLE) != 0;
    }

    /** Why the sandbox stopped the run, or null when it did not. */
    public KillCause killCause() {
        return killCause;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
