package io.rktj.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncFileSystemTest {

    @TempDir
    Path dir;

    @Test
    void flushesTheFileSystemOfAFolderOrAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("written"), "data");
        Posix.syncFileSystem(dir);
        Posix.syncFileSystem(file);
        assertEquals("data", Files.readString(file));
    }

    @Test
    void aMissingPathFailsWithItsErrno() {
        Path missing = dir.resolve("missing");
        NativeException e = assertThrows(NativeException.class, () -> Posix.syncFileSystem(missing));
        assertEquals(Posix.ENOENT, e.errno());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
