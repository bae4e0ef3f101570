package dev.arbiter.router;

import java.util.List;

/** A request named a model that is not an enabled model of the pool. */
public class UnknownModelException extends RuntimeException {
    private final String field;
    private final List<String> known;

    public UnknownModelException(String field, String model, List<String> known) {
        super("unknown model '" + model + "'; the pool has " + String.join(", ", known));
        this.field = field;
        this.known = List.copyOf(known);
    }

    public String field() {
        return field;
    }

    public List<String> known() {
        return known;
    }
}
