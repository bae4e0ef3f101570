package dev.arbiter.verifier.signal.structure;

import java.util.List;

/**
 * The shape of a piece of code, as far as a refactoring must respect it: the definitions others can call (name,
 * owner, number of parameters) and two size measures — branch points (a cyclomatic count) and the deepest nesting of
 * blocks.
 */
public record Outline(String parser, List<Definition> definitions, int branches, int maxNesting, int nodes) {

    /** A function or method; {@code name} is qualified by its enclosing type ("Stack.push"). */
    public record Definition(String name, int parameters, boolean api) {
        String signature() {
            return name + "/" + parameters;
        }
    }

    List<Definition> api() {
        return definitions.stream().filter(Definition::api).toList();
    }
}
