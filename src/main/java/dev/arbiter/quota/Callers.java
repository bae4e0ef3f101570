package dev.arbiter.quota;

import io.quarkus.security.identity.SecurityIdentity;

/** The name quotas are kept under: the key's name, or one shared name for callers without a key. */
public final class Callers {
    static final String ANONYMOUS = "anonymous";

    private Callers() {
    }

    public static String name(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? ANONYMOUS : identity.getPrincipal().getName();
    }
}
