package dev.arbiter.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The service's API keys, as hashes: a key file has one key per line, {@code <name> <role>[,<role>...] sha256:<hex>}
 * ({@code #} starts a comment), the hex being SHA-256 of the key's text ({@code ./arbiter key NAME ROLES} makes a key
 * and its line). The keys themselves are never stored. A presented key is hashed and compared with every stored hash
 * in constant time, all of them every time, so neither the answer's time nor its content says which key came close.
 * A malformed file stops start-up with its name, line and problem.
 */
public final class ApiKeys {
    /** Keys longer than this are refused before hashing. */
    public static final int MAX_KEY_CHARS = 512;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    public record Key(String name, Set<String> roles, byte[] hash) {
    }

    private final List<Key> keys;

    public ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    public static ApiKeys load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API keys file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), lines);
    }

    public static ApiKeys parse(String source, List<String> lines) {
        List<Key> keys = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = source + ":" + (i + 1) + ": ";
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + "expected '<name> <roles> sha256:<hex>', got " + parts.length + " fields");
            }
            if (!NAME.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(where + "a key name is 1-64 letters, digits or _ . @ -");
            }
            if (!names.add(parts[0])) {
                throw new IllegalArgumentException(where + "the key name " + parts[0] + " is used twice");
            }
            Set<String> roles = new LinkedHashSet<>(Arrays.asList(parts[1].split(",")));
            for (String role : roles) {
                if (!Roles.ALL.contains(role)) {
                    throw new IllegalArgumentException(where + "unknown role '" + role + "' (roles: verify, route, admin)");
                }
            }
            if (!HASH.matcher(parts[2]).matches()) {
                throw new IllegalArgumentException(where + "the hash must be sha256: and 64 lower-case hex digits");
            }
            keys.add(new Key(parts[0], Roles.granted(roles), HexFormat.of().parseHex(parts[2].substring(7))));
        }
        return new ApiKeys(keys);
    }

    /** The key of an {@code Authorization: Bearer <key>} value (scheme case-insensitive); "" when it is not one. */
    public static String bearer(String header) {
        String scheme = "Bearer ";
        if (header == null || header.length() <= scheme.length() || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return "";
        }
        return header.substring(scheme.length()).strip();
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    public int size() {
        return keys.size();
    }

    /** The key whose hash matches, after comparing with every stored hash. */
    public Optional<Key> match(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_KEY_CHARS) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        Key found = null;
        for (Key k : keys) {
            if (MessageDigest.isEqual(k.hash(), hash) && found == null) {
                found = k;
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
