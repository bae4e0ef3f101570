package dev.arbiter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The key file: hashes only, roles checked, bad lines named, admin holding every role. */
class ApiKeysTest {
    private static String line(String name, String roles, String key) {
        return name + " " + roles + " sha256:" + HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    @Test
    void aKeyMatchesOnlyItsOwnHashAndCarriesItsRoles() {
        ApiKeys keys = ApiKeys.parse("keys", List.of("# comment", "", line("a", "verify", "k1"),
                line("b", "route,verify", "k2"), line("c", "admin", "k3")));
        assertEquals(3, keys.size());
        assertEquals("a", keys.match("k1").orElseThrow().name());
        assertEquals(Set.of("route", "verify"), keys.match("k2").orElseThrow().roles());
        assertEquals(Roles.ALL, keys.match("k3").orElseThrow().roles());
        assertFalse(keys.match("k4").isPresent());
        assertFalse(keys.match("").isPresent());
        assertFalse(keys.match("k1 ").isPresent());
        assertFalse(keys.match("x".repeat(ApiKeys.MAX_KEY_CHARS + 1)).isPresent());
    }

    @Test
    void badLinesStopWithTheirPlace() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse("keys.txt", List.of(line("a", "verify", "k"), "b owner sha256:" + "0".repeat(64))));
        assertTrue(e.getMessage().startsWith("keys.txt:2: unknown role 'owner'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("f", List.of("a verify plaintextkey")));
        assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse("f", List.of(line("a", "verify", "k"), line("a", "route", "j"))));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("f", List.of("a verify")));
    }

    @Test
    void theBearerSchemeIsReadCaseInsensitivelyAndNothingElseIs() {
        assertEquals("abc", ApiKeys.bearer("Bearer abc"));
        assertEquals("abc", ApiKeys.bearer("bearer  abc "));
        assertEquals("", ApiKeys.bearer("Basic abc"));
        assertEquals("", ApiKeys.bearer("Bearer"));
        assertEquals("", ApiKeys.bearer(null));
    }

    @Test
    void loopbackIsToldFromEveryOtherAddress() {
        assertTrue(KeyRing.loopback("127.0.0.1"));
        assertTrue(KeyRing.loopback("localhost"));
        assertTrue(KeyRing.loopback("::1"));
        assertFalse(KeyRing.loopback("0.0.0.0"));
        assertFalse(KeyRing.loopback("10.1.2.3"));
    }
}
