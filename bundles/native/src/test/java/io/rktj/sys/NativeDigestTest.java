package io.rktj.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class NativeDigestTest {

    @Test
    void libcryptoIsUsedOnDebian() {
        // systemd depends on libssl3, so every host that runs the systemd flavor has libcrypto.so.3
        assertTrue(NativeDigest.available(), "libcrypto.so.3 could not be loaded");
        assertInstanceOf(NativeDigest.class, NativeDigest.sha256());
        assertInstanceOf(NativeDigest.class, NativeDigest.sha512());
    }

    @Test
    void knownAnswers() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(NativeDigest.sha256().digest(abc)));
        assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                HexFormat.of().formatHex(NativeDigest.sha512().digest(abc)));
        assertEquals(32, NativeDigest.sha256().getDigestLength());
        assertEquals(64, NativeDigest.sha512().getDigestLength());
    }

    @Test
    void sameAsTheJdkForEverySplitOfTheInput() throws Exception {
        Random random = new Random(42);
        for (String algorithm : new String[] {"SHA-256", "SHA-512"}) {
            for (int size : new int[] {0, 1, 63, 64, 65, 1000, 65535, 65536, 65537, 300_000, 1 << 20}) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                byte[] expected = MessageDigest.getInstance(algorithm).digest(data);
                MessageDigest md = "SHA-256".equals(algorithm) ? NativeDigest.sha256() : NativeDigest.sha512();
                // uneven pieces, single bytes and a ByteBuffer, crossing the 64 KiB staging chunk
                int at = 0;
                while (at < size) {
                    int step = Math.min(size - at, 1 + random.nextInt(100_000));
                    switch (random.nextInt(3)) {
                        case 0 -> md.update(data, at, step);
                        case 1 -> {
                            step = 1;
                            md.update(data[at]);
                        }
                        default -> md.update(ByteBuffer.wrap(data, at, step));
                    }
                    at += step;
                }
                assertArrayEquals(expected, md.digest(), algorithm + " of " + size + " bytes");
                // digest() resets: the same object digests the next input from scratch
                md.update(data);
                assertArrayEquals(expected, md.digest(), algorithm + " of " + size + " bytes, reused");
                md.update(new byte[] {1, 2, 3});
                md.reset();
                assertArrayEquals(expected, md.digest(data), algorithm + " after reset");
            }
        }
    }
}
