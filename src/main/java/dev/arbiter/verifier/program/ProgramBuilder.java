package dev.arbiter.verifier.program;

import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Task;
import java.util.Set;

/**
 * Turns a task and the extracted code into a sandbox job for one language: the complete program (prompt and
 * completion joined where the code is only a body), the tests, the runner's meta file and the steps.
 */
public interface ProgramBuilder {

    /** The runtime language this builder serves (as in runtime.yaml). */
    String language();

    /** Code-fence tags that mark this language in a model's answer. */
    Set<String> fenceTags();

    Program build(Task task, String code, Runtime runtime, String nonce);
}
