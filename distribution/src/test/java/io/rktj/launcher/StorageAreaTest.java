package io.rktj.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
