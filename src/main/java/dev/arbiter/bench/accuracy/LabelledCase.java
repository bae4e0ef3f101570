package dev.arbiter.bench.accuracy;

import dev.arbiter.verifier.VerificationRequest;

/** One response whose right verdict is known: a canonical solution should pass, a buggy one should fail. */
public record LabelledCase(String dataset, String language, String taskId, String variant, boolean shouldPass,
        VerificationRequest request) {
}
