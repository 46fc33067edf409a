package io.rktj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

class RktExceptionTest {
    @Test
    void fileSystemErrorsSayWhy() {
        assertEquals("create store: /var/lib/rkt/cas: permission denied",
                RktException.wrap("create store", new AccessDeniedException("/var/lib/rkt/cas")).getMessage());
        assertEquals("save: /x/f: no such file or directory",
                RktException.wrap("save", new NoSuchFileException("/x/f")).getMessage());
        assertEquals("move: /a -> /b: Device or resource busy",
                RktException.wrap("move", new FileSystemException("/a", "/b", "Device or resource busy")).getMessage());
    }

    @Test
    void otherErrorsKeepTheirMessage() {
        assertEquals("read: disk on fire", RktException.wrap("read", new IOException("disk on fire")).getMessage());
        assertEquals("read: IOException", RktException.wrap("read", new IOException()).getMessage());
    }
}
