package dev.arbiter.sandbox.docker;

import dev.arbiter.sandbox.StepResult;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The per-run token the first step writes on stderr once the job's files are in place, before any candidate code
 * runs. Its presence, first on stderr, is how the sandbox knows the copy worked: text the candidate prints cannot
 * stand in for it (the candidate never sees it) and cannot remove it (it was written before the candidate started).
 */
final class CopyToken {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CopyToken() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "arbiter-copied-" + HexFormat.of().formatHex(bytes);
    }

    /** True when the step's stderr starts with the token's line: the files were copied. */
    static boolean announced(StepResult result, String token) {
        return result.stderr().startsWith(token + "\n");
    }

    /** The result without the token's line, so the candidate's output is what the verdict shows. */
    static StepResult strip(StepResult result, String token) {
        return new StepResult(result.name(), result.exitCode(), result.killedBy(), result.stdout(),
                result.stdoutTruncated(), result.stderr().substring(token.length() + 1), result.stderrTruncated(),
                result.durationMs());
    }
}
