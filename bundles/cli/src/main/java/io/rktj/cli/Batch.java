package io.rktj.cli;

/**
 * A command acting on several pods or images: a failure on one is reported on its own line
 * and does not stop the others; the command then exits 254, with a count line when more
 * than one thing was asked for, as rkt did.
 */
final class Batch {
    private final CliContext ctx;
    private int attempts;
    private int failures;

    Batch(CliContext ctx) {
        this.ctx = ctx;
    }

    void each(String name, Runnable action) {
        attempts++;
        try {
            action.run();
        } catch (RuntimeException e) {
            failures++;
            ctx.err().println("rkt: " + Rkt.message(e));
        }
    }

    /** @param summary a format with one %d, the number of failures */
    int finish(String summary) {
        if (failures == 0) {
            return 0;
        }
        if (attempts > 1) {
            ctx.err().println("rkt: " + String.format(summary, failures));
        }
        return Rkt.EXIT_ERROR;
    }
}
