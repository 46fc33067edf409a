package io.rktj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandLinesTest {
    private static void awaitReady(CommandLines lines, String name) throws InterruptedException {
        for (int i = 0; i < 200 && !lines.isReady(name); i++) {
            Thread.sleep(25);
        }
        assertTrue(lines.isReady(name), "no " + name + " command line was built ahead");
    }

    @Test
    void aCommandUsesTheCommandLineBuiltAheadWithItsOwnStreamsAndFlags() throws InterruptedException {
        Harness h = new Harness();
        try (CommandLines lines = new CommandLines()) {
            Harness.Result first = h.run(lines, "list", "--no-legend");
            assertEquals(0, first.status(), first.err());
            assertEquals("", first.out());
            awaitReady(lines, "list");

            Harness.Result second = h.run(lines, "list");
            assertEquals(0, second.status(), second.err());
            // the first command's --no-legend did not stay with the command line built for the second
            assertTrue(second.out().startsWith("UUID"), second.out());
        }
    }

    @Test
    void aBuiltCommandLineIsTakenOnceAndOnlyKnownCommandsAreBuilt() throws InterruptedException {
        try (CommandLines lines = new CommandLines()) {
            lines.rebuildLater("status");
            lines.rebuildLater("no-such-command");
            lines.rebuildLater(null);
            awaitReady(lines, "status");
            assertNotNull(lines.take("status"));
            assertNull(lines.take("status"));
            assertFalse(lines.isReady("no-such-command"));
        }
    }

    @Test
    void aUsageErrorOnABuiltCommandLineIsReportedOnTheCommandsStream() throws InterruptedException {
        Harness h = new Harness();
        try (CommandLines lines = new CommandLines()) {
            lines.rebuildLater("list");
            awaitReady(lines, "list");
            Harness.Result r = h.run(lines, "list", "--no-such-flag");
            assertEquals(254, r.status());
            assertTrue(r.err().contains("--no-such-flag"), r.err());
        }
    }
}
