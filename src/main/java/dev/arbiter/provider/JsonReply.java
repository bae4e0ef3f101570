package dev.arbiter.provider;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the fields an answer must have; a missing or mistyped one makes the reply junk ({@link Malformed}). */
public final class JsonReply {
    private JsonReply() {
    }

    /** A reply that is not what the protocol promises; its message names the field, never a value. */
    public static final class Malformed extends RuntimeException {
        public Malformed(String message) {
            super(message);
        }
    }

    public static String text(JsonNode reply, String pointer) {
        JsonNode n = reply.at(pointer);
        if (!n.isTextual()) {
            throw new Malformed("no text at " + pointer);
        }
        return n.asText();
    }

    public static long count(JsonNode reply, String pointer) {
        JsonNode n = reply.at(pointer);
        if (!n.isIntegralNumber() || n.asLong() < 0) {
            throw new Malformed("no token count at " + pointer);
        }
        return n.asLong();
    }
}
