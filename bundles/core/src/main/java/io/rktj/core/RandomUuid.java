package io.rktj.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A random (version 4) UUID from the kernel's random source. {@link UUID#randomUUID()} draws
 * from the same source through SecureRandom, whose first use in a process sets up the security
 * providers, a cost each rkt command would pay for sixteen bytes.
 */
final class RandomUuid {
    private static final Path SOURCE = Path.of("/dev/urandom");

    private RandomUuid() {
    }

    static UUID next() {
        byte[] b = new byte[16];
        try (InputStream in = Files.newInputStream(SOURCE)) {
            if (in.readNBytes(b, 0, 16) != 16) {
                return UUID.randomUUID();
            }
        } catch (IOException e) {
            return UUID.randomUUID();
        }
        return of(b);
    }

    /** The version 4, IETF variant UUID made of these 16 random bytes. */
    static UUID of(byte[] random) {
        byte[] b = random.clone();
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new UUID(buf.getLong(), buf.getLong());
    }
}
