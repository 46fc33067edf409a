package io.rktj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostToolsTest {
    @TempDir
    Path dir;

    private Path program(Path folder, String name, String mode) throws IOException {
        Files.createDirectories(folder);
        Path p = Files.writeString(folder.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void theFirstExecutableFileInPathWins() throws IOException {
        program(dir.resolve("a"), "tool", "rw-r--r--");
        Files.createDirectories(dir.resolve("b/tool"));
        Path c = program(dir.resolve("c"), "tool", "rwxr-xr-x");
        program(dir.resolve("d"), "tool", "rwxr-xr-x");
        String path = dir.resolve("a") + "::relative:" + dir.resolve("b") + ":" + dir.resolve("c") + ":" + dir.resolve("d");

        assertEquals(c, HostTools.find("tool", "pkg", path));
    }

    @Test
    void aMissingToolNamesItsDebianPackage() {
        RktException e = assertThrows(RktException.class, () -> HostTools.find("runc", "runc", dir.toString()));
        assertEquals("runc not found in PATH (install the Debian package runc)", e.getMessage());
    }

    @Test
    void noPathMeansDebiansDefault() {
        Path sh = HostTools.find("sh", "dash", null);
        assertTrue(java.util.List.of(HostTools.DEFAULT_PATH.split(":")).contains(sh.getParent().toString()), sh::toString);
        assertEquals(sh, HostTools.find("sh", "dash", ""));
    }
}
