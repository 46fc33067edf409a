package io.rktj.launcher;

import org.apache.felix.framework.Logger;

/** Sends the framework's own log (enabled only with --debug) to stderr, never to the command's stdout. */
final class StderrLogger extends Logger {

    private static final String[] LEVELS = {"", "ERROR", "WARNING", "INFO", "DEBUG"};

    @Override
    protected void doLogOut(int level, String message, Throwable throwable) {
        String name = level > 0 && level < LEVELS.length ? LEVELS[level] : Integer.toString(level);
        System.err.println("felix " + name + ": " + message);
        if (throwable != null) {
            throwable.printStackTrace(System.err);
        }
    }
}
