package io.rktj.cli;

/**
 * One command line being executed: the context and the global flags parsed from it. A session
 * built ahead of its command (see {@link CommandLines}) gets its context when the command comes.
 */
final class Session {
    private volatile CliContext ctx;
    private final GlobalOptions global;

    Session(CliContext ctx, GlobalOptions global) {
        this.ctx = ctx;
        this.global = global;
    }

    /** A session for a command line built before its command arrives; {@link #bind} completes it. */
    static Session unbound() {
        return new Session(null, new GlobalOptions());
    }

    CliContext ctx() {
        CliContext c = ctx;
        if (c == null) {
            throw new IllegalStateException("the command's session has no context yet");
        }
        return c;
    }

    GlobalOptions global() {
        return global;
    }

    void bind(CliContext context) {
        this.ctx = context;
    }
}
