package dev.arbiter.sandbox.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How a runtime builds and runs a candidate as a whole program that reads stdin and writes stdout (for tasks checked
 * by input/output cases): the file the code goes in, an optional compile command, and the run command.
 */
public record Standalone(
        @JsonProperty(value = "source-file", required = true) String sourceFile,
        @JsonProperty("compile") List<String> compile,
        @JsonProperty(value = "run", required = true) List<String> run) {

    public Standalone {
        compile = compile == null ? List.of() : List.copyOf(compile);
        run = List.copyOf(run);
    }
}
