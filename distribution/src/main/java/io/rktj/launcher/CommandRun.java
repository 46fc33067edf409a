package io.rktj.launcher;

import java.util.function.Function;

/** One call of the rkt command on a thread of its own, so that it overlaps with bundle starts. */
final class CommandRun {
    private final Thread thread;
    private Integer result;
    private Throwable failure;

    private CommandRun(Function<String[], Integer> command, String[] args) {
        this.thread = new Thread(new Body(this, command, args), "rkt-command");
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

    /** The thread's work: the command's result or what it threw, kept for {@link CommandRun#join}. */
    private static final class Body implements Runnable {
        private final CommandRun owner;
        private final Function<String[], Integer> command;
        private final String[] args;

        Body(CommandRun owner, Function<String[], Integer> command, String[] args) {
            this.owner = owner;
            this.command = command;
            this.args = args;
        }

        @Override
        public void run() {
            try {
                owner.result = command.apply(args);
            } catch (Throwable t) {
                owner.failure = t;
            }
        }
    }
}
