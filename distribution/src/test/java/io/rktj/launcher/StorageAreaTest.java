package io.rktj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageAreaTest {

    @TempDir
    Path parent;

    @Test
    void prepareRemovesOnlyTheDirectoriesOfDeadProcesses() throws IOException, InterruptedException {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path stale = Files.createDirectories(parent.resolve(Long.toString(dead.pid())).resolve("bundle1"));
        Path alive = Files.createDirectories(parent.resolve(Long.toString(ProcessHandle.current().parent()
                .orElseThrow().pid())));
        Path unrelated = Files.createDirectories(parent.resolve("notes"));

        new StorageArea(parent, ProcessHandle.current().pid()).prepare();

        assertFalse(Files.exists(stale.getParent()));
        assertTrue(Files.isDirectory(alive));
        assertTrue(Files.isDirectory(unrelated));
    }

    @Test
    void deleteRemovesTheWholeTree() throws IOException {
        StorageArea area = new StorageArea(parent, 4242);
        Files.createDirectories(area.directory().resolve("a/b"));
        Files.writeString(area.directory().resolve("a/b/c"), "x");
        Files.createSymbolicLink(area.directory().resolve("link"), parent.resolve("notes"));

        area.delete();

        assertFalse(Files.exists(area.directory()));
    }

    @Test
    void ownFolderInASharedFolderIsMadeOwnerOnly() throws IOException {
        Path own = StorageArea.ownFolderIn(parent);

        assertEquals(parent.resolve("rktj-felix-" + uid()), own);
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(own));
        assertEquals(own, StorageArea.ownFolderIn(parent), "found again by the next command");
    }

    @Test
    void ownFolderIsRefusedWhenSomeoneElseCouldHavePlantedIt() throws IOException {
        Path own = parent.resolve("rktj-felix-" + uid());
        Path elsewhere = Files.createDirectories(parent.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(own, elsewhere);
        assertNull(StorageArea.ownFolderIn(parent), "a link");

        Files.delete(own);
        Files.createDirectory(own);
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(StorageArea.ownFolderIn(parent), "a folder others can write");

        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(own, "unix:uid", uid() + 1);
        assertNull(StorageArea.ownFolderIn(parent), "a folder of another user");

        assertNull(StorageArea.ownFolderIn(parent.resolve("missing")), "no shared folder");
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
