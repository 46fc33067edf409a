package io.rktj.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine;

/**
 * picocli command lines built ahead of their use, one per command name, for a process that
 * serves command after command (rkt daemon). Building one is reflection over the command's
 * options and mixins, about a quarter of the daemon's time for a {@code rkt run}; a command finds
 * one built for it, unbound, and the next of its name is built on a background thread a moment
 * after it ended (not while it runs: a pod starting up has the cores' attention). A command line
 * is used once: picocli keeps what it parsed.
 */
final class CommandLines implements AutoCloseable {
    /** After a command, how long the rebuild of its command line waits. */
    static final long REBUILD_DELAY_MILLIS = 300;

    record Built(CommandLine commandLine, Session session) {
    }

    private final Map<String, Built> ready = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor builder;

    CommandLines() {
        builder = new ScheduledThreadPoolExecutor(1, new BuilderThreads());
        builder.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The command line built for the command name, or null when none is ready; it is the caller's now. */
    Built take(String name) {
        return name == null ? null : ready.remove(name);
    }

    /** Builds a command line for the command name, a moment from now, unless one is ready. */
    void rebuildLater(String name) {
        if (name == null || !RootCommand.COMMANDS.containsKey(name) || builder.isShutdown()) {
            return;
        }
        builder.schedule(new Rebuild(name), REBUILD_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Builds now, on the calling thread (tests, and the first command of a name). */
    Built build(String name) {
        Session session = Session.unbound();
        return new Built(Rkt.commandLine(session, name), session);
    }

    boolean isReady(String name) {
        return ready.containsKey(name);
    }

    @Override
    public void close() {
        builder.shutdownNow();
        ready.clear();
    }

    private final class Rebuild implements Runnable {
        private final String name;

        Rebuild(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            if (!ready.containsKey(name)) {
                ready.putIfAbsent(name, build(name));
            }
        }
    }

    private static final class BuilderThreads implements java.util.concurrent.ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "rkt-command-lines");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        }
    }
}
