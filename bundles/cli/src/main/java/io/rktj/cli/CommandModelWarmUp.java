package io.rktj.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

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
        CliContext ctx = new CliContext(new NoService<>(), new NoService<>(), new NoneList<>(), new NoneList<>(),
                nowhere, nowhere, new SystemClock(), new NoEnvironment(), new NoUid(), "warm-up");
        try {
            Rkt.commandLine(new Session(ctx, new GlobalOptions()), "run");
        } catch (RuntimeException e) {
            // the command builds its own model and reports what fails there
        }
    }

    private CommandModelWarmUp() {
    }

    /** A service the warm-up never reaches. */
    private static final class NoService<T> implements Supplier<T> {
        @Override
        public T get() {
            throw new RktException("warm-up");
        }
    }

    /** No fetchers, no flavors. */
    private static final class NoneList<T> implements Supplier<List<T>> {
        @Override
        public List<T> get() {
            return List.of();
        }
    }

    /** An empty environment. */
    private static final class NoEnvironment implements Supplier<Map<String, String>> {
        @Override
        public Map<String, String> get() {
            return Map.of();
        }
    }

    /** No caller's uid. */
    private static final class NoUid implements IntSupplier {
        @Override
        public int getAsInt() {
            return -1;
        }
    }
}
