package io.rktj.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.rktj.api.RktException;

/**
 * Named in this bundle's Rkt-Warm-Up header: the launcher initialises it on its warm-up thread
 * while it starts the bundles. Building picocli's model of a command the first time in a JVM
 * costs tens of milliseconds (picocli's own set-up, annotation parsing and proxies, reflection
 * data), and nearly all of it is per class, not per model: one throwaway model of the root
 * command and of run, built here with a context that reaches no service, leaves the command's
 * own model much less to do.
 */
final class CommandModelWarmUp {
    static {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        CliContext ctx = new CliContext(
                () -> {
                    throw new RktException("warm-up");
                },
                () -> {
                    throw new RktException("warm-up");
                },
                List::of, List::of, nowhere, nowhere, new SystemClock(), Map::of, () -> -1, "warm-up");
        try {
            Rkt.commandLine(new Session(ctx, new GlobalOptions()), "run");
        } catch (RuntimeException e) {
            // the command builds its own model and reports what fails there
        }
    }

    private CommandModelWarmUp() {
    }
}
