package io.rktj.api.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;

class RootfsPathTest {
    @TempDir
    Path tmp;

    @Test
    void plainPathsStayAsTheyAre() {
        Path root = tmp.resolve("rootfs");
        assertEquals(root.resolve("usr/bin/env"), RootfsPath.resolve(root, "/usr/bin/env"));
        assertEquals(root.resolve("a/c"), RootfsPath.resolve(root, "a/./b/../c"));
    }

    @Test
    void dotDotStopsAtTheRoot() {
        Path root = tmp.resolve("rootfs");
        assertEquals(root.resolve("etc"), RootfsPath.resolve(root, "/../../../etc"));
    }

    @Test
    void absoluteLinksStartFromTheRootfs() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("proc"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("data"), Path.of("/real"));
        assertEquals(root.resolve("etc"), RootfsPath.resolve(root, "/proc"));
        assertEquals(root.resolve("real/x"), RootfsPath.resolve(root, "/data/x"));
    }

    @Test
    void relativeLinksCannotClimbOut() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("a/b/up"), Path.of("../../../../../../host-secret"));
        assertEquals(root.resolve("host-secret"), RootfsPath.resolve(root, "/a/b/up"));
    }

    @Test
    void linkLoopsAreAnError() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createSymbolicLink(root.resolve("x"), Path.of("y"));
        Files.createSymbolicLink(root.resolve("y"), Path.of("x"));
        assertThrows(RktException.class, () -> RootfsPath.resolve(root, "/x"));
    }

    @Test
    void directoryCreatesMissingPartsInsideTheRootfs() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/../../outside"));
        Path made = RootfsPath.directory(root, "/escape/volume");
        assertEquals(root.resolve("outside/volume"), made);
        assertTrue(Files.isDirectory(made));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
        assertTrue(Files.notExists(tmp.resolve("outside")));
    }

    @Test
    void fileCreatesAnEmptyFile() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("rootfs"));
        Path made = RootfsPath.file(root, "/etc/resolv.conf");
        assertTrue(Files.isRegularFile(made));
        assertTrue(Files.isDirectory(root.resolve("etc")));
    }

    @Test
    void aFileInTheWayIsAnError() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(root.resolve("data"), "x");
        RktException e = assertThrows(RktException.class, () -> RootfsPath.directory(root, "/data/sub"));
        assertEquals("/data in the rootfs is not a directory", e.getMessage());
    }
}
