package dev.arbiter.sandbox.docker;

import dev.arbiter.sandbox.runtime.Runtime;

/** A started sandbox container that serves exactly one candidate. */
public record SandboxContainer(String id, Runtime runtime, long createdAtMillis) {

    public long ageMillis() {
        return System.currentTimeMillis() - createdAtMillis;
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
