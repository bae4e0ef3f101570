package dev.arbiter.verifier.signal.ast;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the syntax tree says about a candidate: whether it parses (and where it does not), whether the entry point
 * is defined, forbidden constructs and placeholder code. {@code unparseable} names a cap that stopped the analysis
 * (size, nesting, time) — the input is refused, the service is not at risk.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AstReport(
        String parser,
        boolean parses,
        String unparseable,
        List<Issue> errors,
        Boolean entryPointDefined,
        List<Finding> forbidden,
        List<Finding> placeholders) {

    /** A syntax error (or a token the parser had to invent) at a 1-based line and column. */
    public record Issue(String kind, int line, int column) {
    }

    /** A construct found in the code, with where it is. */
    public record Finding(String what, int line) {
    }

    static AstReport refused(String parser, String why) {
        return new AstReport(parser, false, why, List.of(), null, List.of(), List.of());
    }
}
