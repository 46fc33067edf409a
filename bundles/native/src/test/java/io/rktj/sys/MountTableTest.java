package io.rktj.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs as root: real mounts under a temporary directory. */
class MountTableTest {
    @TempDir
    Path tmp;

    @Test
    void unmountAllTakesDownNestedMountsReachedThroughASymlinkAndNothingElse() throws Exception {
        List<String> before = lines();
        Path real = Files.createDirectories(tmp.resolve("real/pod"));
        Path source = Files.createDirectories(tmp.resolve("source/inner"));
        Files.writeString(source.resolve("file"), "kept");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
        Path target = Files.createDirectories(real.resolve("rootfs"));
        Posix.mount(tmp.resolve("source").toString(), target, null, Posix.MS_BIND, null);
        Posix.mount("tmpfs", target.resolve("inner"), "tmpfs", 0, null);

        List<MountTable.Entry> found = MountTable.under(link.resolve("pod"));
        assertEquals(2, found.size(), found.toString());
        assertEquals(target.resolve("inner"), found.get(0).mountPoint(), "deepest first");

        MountTable.unmountAll(link.resolve("pod"));
        assertTrue(MountTable.under(real).isEmpty());
        assertEquals(before, lines(), "the mount table is as before");
        assertEquals("kept", Files.readString(source.resolve("file")));
    }

    @Test
    void flockIsExclusiveBetweenOpenFileDescriptions() {
        int a = Posix.openDirectory(tmp);
        int b = Posix.openDirectory(tmp);
        try {
            assertTrue(Posix.flock(a, Posix.LOCK_EX | Posix.LOCK_NB));
            assertFalse(Posix.flock(b, Posix.LOCK_SH | Posix.LOCK_NB));
            Posix.flock(a, Posix.LOCK_UN);
            assertTrue(Posix.flock(b, Posix.LOCK_SH | Posix.LOCK_NB));
        } finally {
            Posix.close(a);
            Posix.close(b);
        }
    }

    private static List<String> lines() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"));
    }
}
