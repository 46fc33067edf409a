package io.rktj.stage2.runc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --interactive gives the app a terminal only when rkt run's stdin (as /proc/self/fd/0 names it) is one. */
class TerminalTest {
    @TempDir
    Path dir;

    private boolean terminal(String target) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("fd" + Math.abs(target.hashCode())), Path.of(target));
        return RuncExecutor.isTerminal(link);
    }

    @Test
    void pseudoTerminalsConsolesAndTtysAreTerminals() throws IOException {
        assertTrue(terminal("/dev/pts/3"));
        assertTrue(terminal("/dev/tty1"));
        assertTrue(terminal("/dev/console"));
    }

    @Test
    void pipesFilesAndDevNullAreNot() throws IOException {
        assertFalse(terminal("pipe:[12345]"));
        assertFalse(terminal("/dev/null"));
        assertFalse(terminal("/tmp/input"));
        assertFalse(RuncExecutor.isTerminal(dir.resolve("no-such-fd")));
    }
}
