package io.rktj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RandomUuidTest {

    @Test
    void isAVersion4IetfUuid() {
        UUID u = RandomUuid.next();
        assertEquals(4, u.version());
        assertEquals(2, u.variant());
        assertNotEquals(u, RandomUuid.next());
    }

    @Test
    void keepsTheRandomBitsAndSetsOnlyVersionAndVariant() {
        byte[] ones = new byte[16];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertEquals(UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff"), RandomUuid.of(ones));
        assertEquals(UUID.fromString("00000000-0000-4000-8000-000000000000"), RandomUuid.of(new byte[16]));
    }
}
