package dev.arbiter.security;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a key grants. {@code verify}: run candidate code ({@code /v1/verify}, gRPC Verify and VerifyBatch).
 * {@code route}: routing decisions, feedback, verify-and-route. {@code solve}: Arbiter calls the providers for the caller
 * ({@code /v1/solve}, {@code /v1/chat/completions}), which spends the operator's provider money. {@code admin}: everything.
 */
public final class Roles {
    public static final String VERIFY = "verify";
    public static final String ROUTE = "route";
    public static final String SOLVE = "solve";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL = Set.of(VERIFY, ROUTE, SOLVE, ADMIN);

    private Roles() {
    }

    /** The roles an identity holds for the roles its key names: admin holds the others too. */
    public static Set<String> granted(Set<String> named) {
        Set<String> out = new LinkedHashSet<>(named);
        if (named.contains(ADMIN)) {
            out.addAll(ALL);
        }
        return Set.copyOf(out);
    }
}
