package dev.arbiter.verifier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** A task and one response to verify against it. */
public record VerificationRequest(@Valid @NotNull Task task, @Valid @NotNull Response response) {
}
