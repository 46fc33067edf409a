package io.rktj.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.rktj.api.schema.NameValue;

class ValueParsersTest {

    @Test
    void goDurations() {
        assertEquals(Duration.ofMinutes(30), GoDuration.parse("30m"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ZERO, GoDuration.parse("0s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1us500ns"));
        assertEquals(Duration.ofSeconds(-1), GoDuration.parse("-1s"));
        for (String bad : List.of("10", "", "s", "1x", "1h 2m", ".s", "1.2.3s")) {
            assertEquals("time: invalid duration \"" + bad + "\"",
                    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad)).getMessage(), bad);
        }
    }

    @Test
    void insecureOptionsExpandGroups() {
        assertEquals(Set.of("image"), InsecureOptions.parse("image").options());
        assertEquals(Set.of("image", "tls", "http", "pubkey"), InsecureOptions.parse("all-fetch").options());
        assertEquals(Set.of("capabilities", "paths", "seccomp", "image"), InsecureOptions.parse("all-run,image").options());
        assertEquals(Set.of("image", "tls", "http", "pubkey", "capabilities", "paths", "seccomp", "all"),
                InsecureOptions.parse("all").options());
        assertEquals(Set.of(), InsecureOptions.parse("none").options());
        assertEquals(Set.of(), InsecureOptions.parse("ondisk").options());
        assertEquals("unknown insecure option \"bogus\", allowed values: none,image,tls,ondisk,http,pubkey,"
                + "capabilities,paths,seccomp,all-fetch,all-run,all",
                assertThrows(IllegalArgumentException.class, () -> InsecureOptions.parse("image,bogus")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> InsecureOptions.parse("image,"));
    }

    @Test
    void goBooleans() {
        assertTrue(GoBool.parse("true"));
        assertTrue(GoBool.parse("1"));
        assertFalse(GoBool.parse("F"));
        assertThrows(IllegalArgumentException.class, () -> GoBool.parse("yes"));
    }
}
