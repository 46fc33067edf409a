package io.rktj.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.rktj.api.RktException;
import io.rktj.cli.args.AppFlag;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs one rkt command line and returns its exit status: the pod's status for run, 0 for
 * success, 254 for the runtime's own errors and for usage errors, each reported as exactly one
 * line {@code rkt: <message>} on stderr (with the stack trace under --debug).
 */
public final class Rkt {
    public static final int EXIT_ERROR = 254;
    static final int EXIT_MISSING_COMMAND = 2;

    private final CliContext ctx;

    public Rkt(CliContext ctx) {
        this.ctx = ctx;
    }

    public int execute(String... args) {
        return execute(null, args);
    }

    /** Runs the command line, with a command line built ahead from prepared when it has one for the command. */
    int execute(CommandLines prepared, String... args) {
        String wanted = RootCommand.commandName(args);
        CommandLines.Built built = prepared == null ? null : prepared.take(wanted);
        Session session;
        CommandLine cl;
        if (built != null) {
            session = built.session();
            session.bind(ctx);
            cl = built.commandLine();
        } else {
            session = new Session(ctx, new GlobalOptions());
            try {
                cl = commandLine(session, args);
            } catch (RuntimeException e) {
                return report(message(e), e, debugRequested(args));
            }
        }
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        cl.setParameterExceptionHandler(new UsageErrorHandler(this));
        cl.setExecutionExceptionHandler(new ExecutionErrorHandler(this, session));
        try {
            return cl.execute(args);
        } finally {
            if (prepared != null) {
                prepared.rebuildLater(wanted);
            }
            cl.getOut().flush();
            cl.getErr().flush();
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    /**
     * The command tree for a command line. Building picocli's model of a command costs
     * reflection and class loading, paid again by every rkt process: when the command line
     * names a known command, only that one is built; help and unknown commands get them all.
     */
    static CommandLine commandLine(Session session, String... args) {
        CommandFactory factory = new CommandFactory(session);
        CommandLine cl = new CommandLine(RootCommand.class, factory);
        String wanted = RootCommand.commandName(args);
        if (RootCommand.COMMANDS.containsKey(wanted)) {
            cl.addSubcommand(wanted, create(factory, RootCommand.COMMANDS.get(wanted)));
        } else {
            cl.addSubcommand("help", new CommandLine.HelpCommand());
            for (Map.Entry<String, Class<?>> command : RootCommand.COMMANDS.entrySet()) {
                cl.addSubcommand(command.getKey(), create(factory, command.getValue()));
            }
        }
        // "--insecure-options image" must not read "image" as the image command
        cl.setAllowSubcommandsAsOptionParameters(true);
        CommandLine enter = cl.getSubcommands().get("enter");
        if (enter != null) {
            enter.setStopAtPositional(true);
        }
        String appFlags = AppFlag.helpSection();
        setFooter(cl.getSubcommands().get("run"), appFlags);
        setFooter(cl.getSubcommands().get("prepare"), appFlags);
        setVersionProvider(cl, new VersionText(session));
        return cl;
    }

    private static Object create(CommandFactory factory, Class<?> type) {
        try {
            return factory.create(type);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the " + type.getSimpleName() + " command: " + e, e);
        }
    }

    private static void setFooter(CommandLine sub, String footer) {
        if (sub != null) {
            sub.getCommandSpec().usageMessage().footer(footer);
        }
    }

    private static void setVersionProvider(CommandLine cl, IVersionProvider version) {
        cl.getCommandSpec().versionProvider(version);
        for (CommandLine sub : cl.getSubcommands().values()) {
            setVersionProvider(sub, version);
        }
    }

    private int report(String message, Exception ex, boolean debug) {
        ctx.err().println("rkt: " + message);
        if (debug) {
            ex.printStackTrace(ctx.err());
        }
        return EXIT_ERROR;
    }

    /** picocli's usage errors in rkt's (cobra's) words where they differ, on one line. */
    static String usageMessage(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (u.isUnknownOption()) {
                int eq = first.indexOf('=');
                return "unknown flag: " + (eq < 0 ? first : first.substring(0, eq));
            }
            CommandLine c = u.getCommandLine();
            if (!c.getSubcommands().isEmpty()) {
                return "unknown command \"" + first + "\" for \"" + c.getCommandSpec().qualifiedName() + "\"";
            }
            return "unexpected argument \"" + first + "\"";
        }
        return firstLine(ex.getMessage());
    }

    static String message(Throwable ex) {
        if (ex instanceof RktException) {
            return firstLine(ex.getMessage());
        }
        String m = ex.getMessage();
        return firstLine(m == null || m.isBlank() ? ex.getClass().getSimpleName() : m);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean debugRequested(String[] args) {
        for (String a : args) {
            if (a.equals("--debug") || a.equals("--debug=true")) {
                return true;
            }
        }
        return false;
    }

    /** Reports a usage error; --debug is looked for in the raw arguments, as they did not parse. */
    private static final class UsageErrorHandler implements IParameterExceptionHandler {
        private final Rkt rkt;

        UsageErrorHandler(Rkt rkt) {
            this.rkt = rkt;
        }

        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            return rkt.report(usageMessage(ex), ex, debugRequested(args));
        }
    }

    /** Reports what a command threw, with the stack trace under the parsed --debug. */
    private static final class ExecutionErrorHandler implements IExecutionExceptionHandler {
        private final Rkt rkt;
        private final Session session;

        ExecutionErrorHandler(Rkt rkt, Session session) {
            this.rkt = rkt;
            this.session = session;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parsed) {
            return rkt.report(message(ex), ex, session.global().debug());
        }
    }
}
