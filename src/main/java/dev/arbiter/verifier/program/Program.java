package dev.arbiter.verifier.program;

import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.verifier.Verdict.SyntaxCheck;

/**
 * A program ready for the sandbox. {@code precheck} is a syntax verdict found before any container is used (null
 * when the language is checked inside the sandbox); when it fails, the job is not run.
 */
public record Program(String source, SandboxJob job, SyntaxCheck precheck, String syntaxChecker) {
}
