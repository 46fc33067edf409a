package io.rktj.sys;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Lets a long-lived process (the rkt daemon) run a command on behalf of a client process that
 * performs the command's final execve(2) itself. While {@link #on} runs work on a thread, the
 * process-bound calls of {@link Posix} made on that thread act for the client:
 * {@link Posix#getpid()} answers the client's pid (the pid the exec'd supervisor will have),
 * {@link Posix#inheritable(int)} marks an fd to be handed over instead of clearing its
 * close-on-exec flag, and {@link Posix#execve} hands path, arguments, environment and the
 * marked fds to the {@link Client}, closes this process's copies of those fds and ends the work
 * by throwing {@link HandedOff}. Other threads are not affected.
 */
public final class ExecHandoff {

    /** Where an exec is handed to. */
    public interface Client {
        /** The pid of the process that will exec. */
        int pid();

        /**
         * Sends the exec; the client must install each fd of {@code fds} at the same number
         * before it execs. Throws if the client cannot be reached, in which case nothing was
         * handed over and the caller still owns the fds.
         */
        void exec(String path, List<String> argv, List<String> envp, int[] fds);
    }

    /** Thrown by {@link Posix#execve} once the exec has been handed over: the work is over. */
    public static final class HandedOff extends Error {
        private static final long serialVersionUID = 1L;

        HandedOff(String path) {
            super("exec of " + path + " handed to the client process", null, false, false);
        }
    }

    private static final ThreadLocal<ExecHandoff> CURRENT = new ThreadLocal<>();

    private final Client client;
    private final List<Integer> fds = new ArrayList<>();

    private ExecHandoff(Client client) {
        this.client = client;
    }

    /**
     * Runs {@code work} with the calls of this thread acting for {@code client}. The result is
     * {@code work}'s; {@link HandedOff} propagates when the work ended in an exec.
     */
    public static <T> T on(Client client, Supplier<T> work) {
        ExecHandoff previous = CURRENT.get();
        CURRENT.set(new ExecHandoff(client));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** True while the current thread acts for a client. */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    static ExecHandoff current() {
        return CURRENT.get();
    }

    int pid() {
        return client.pid();
    }

    void inherit(int fd) {
        if (!fds.contains(fd)) {
            fds.add(fd);
        }
    }

    void exec(String path, List<String> argv, List<String> envp) {
        int[] handed = fds.stream().mapToInt(Integer::intValue).toArray();
        client.exec(path, List.copyOf(argv), List.copyOf(envp), handed);
        for (int fd : handed) {
            try {
                Posix.close(fd);
            } catch (NativeException e) {
                // already closed: nothing of this process holds it any more
            }
        }
        fds.clear();
        throw new HandedOff(path);
    }
}
