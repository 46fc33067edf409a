package io.rktj.api.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;

class ExecLookupTest {
    @TempDir
    Path root;

    @BeforeEach
    void image() throws IOException {
        Path busybox = Files.createDirectories(root.resolve("bin")).resolve("busybox");
        Files.writeString(busybox, "");
        Files.setPosixFilePermissions(busybox, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("/bin/busybox"));
        Files.writeString(root.resolve("bin/data"), "");
    }

    @Test
    void absolutePathsAreCheckedInTheRootfs() {
        assertEquals("/bin/sh", ExecLookup.find(root, "a", "/bin/sh", "/", null));
    }

    @Test
    void bareNamesAreSearchedInPath() {
        assertEquals("/bin/sh", ExecLookup.find(root, "a", "sh", "/", "/usr/bin:/bin"));
    }

    @Test
    void missingOrNotExecutableIsAnError() {
        RktException e = assertThrows(RktException.class, () -> ExecLookup.find(root, "web", "/bin/x", "/", null));
        assertEquals("app web: exec /bin/x not found in its rootfs", e.getMessage());
        assertThrows(RktException.class, () -> ExecLookup.find(root, "web", "/bin/data", "/", null));
        assertThrows(RktException.class, () -> ExecLookup.find(root, "web", "nope", "/", "/bin"));
    }
}
