package io.rktj.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledBinaryTest {
    @TempDir
    Path dir;

    @Test
    void installWritesTheResourceExecutableWithoutATemporaryFileLeft() throws IOException {
        String name = "BundledBinaryTest.class";
        byte[] expected;
        try (InputStream in = BundledBinaryTest.class.getResourceAsStream(name)) {
            expected = in.readAllBytes();
        }
        Path target = dir.resolve("pod/stage1/rootfs/supervisor");
        new BundledBinary(BundledBinaryTest.class, name).install(target, "stage1 test");
        assertArrayEquals(expected, Files.readAllBytes(target));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertFalse(Files.exists(target.resolveSibling("supervisor.tmp")));
    }

    @Test
    void aMissingResourceIsTheFlavorsErrorAndWritesNothing() {
        Path target = dir.resolve("supervisor");
        RktException e = assertThrows(RktException.class,
                () -> new BundledBinary(BundledBinaryTest.class, "no-such-binary").install(target, "stage1 test"));
        assertEquals("stage1 test: no-such-binary is missing from the bundle", e.getMessage());
        assertFalse(Files.exists(target));
    }
}
