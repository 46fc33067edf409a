package io.rktj.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bin/rkt} started in the background. After {@code rkt run} the process is the pod's
 * supervisor (the launcher execs it), so waiting for this process is waiting for the pod.
 */
public final class RktProcess {
    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    RktProcess(List<String> command, Process process, Path stdout, Path stderr) {
        this.command = command;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public long pid() {
        return process.pid();
    }

    /** rkt's stdin, when the call asked for a pipe ({@code Rkt.Call#stdinPipe}). */
    public java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    /** What rkt wrote to stdout so far. */
    public String stdoutSoFar() {
        return read(stdout);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the end; null if it is still running after the timeout. */
    public RktResult await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + command, e);
        }
        return new RktResult(command, process.exitValue(), read(stdout), read(stderr));
    }

    /** Output so far, for messages while the process still runs. */
    public String describe() {
        return "command: " + String.join(" ", command) + "\nalive: " + process.isAlive()
                + "\n--- stdout ---\n" + read(stdout) + "\n--- stderr ---\n" + read(stderr);
    }

    /** Kills the process and everything it started (the app of a fly pod is its child). */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
