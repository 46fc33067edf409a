package io.rktj.launcher;

import java.util.function.Function;

/** One call of the rkt command on a thread of its own, so that it overlaps with bundle starts. */
final class CommandRun {
    private final Thread thread;
    private Integer result;
    private Throwable failure;

    private CommandRun(Function<String[], Integer> command, String[] args) {
        this.thread = new Thread(() -> {
            try {
                result = command.apply(args);
            } catch (Throwable t) {
                failure = t;
            }
        }, "rkt-command");
    }

    static CommandRun start(Function<String[], Integer> command, String[] args) {
        CommandRun run = new CommandRun(command, args);
        run.thread.start();
        return run;
    }

    /** The command's exit status; what it threw is rethrown here. */
    Integer join() throws InterruptedException {
        thread.join();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return result;
    }
}
