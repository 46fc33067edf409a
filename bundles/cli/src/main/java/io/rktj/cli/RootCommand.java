package io.rktj.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "rkt", mixinStandardHelpOptions = true,
        description = {"rkt, the application container runner.", "",
            "A CLI for running app containers on Linux.",
            "To get the help on any specific command, run \"rkt help command\"."})
final class RootCommand implements Callable<Integer> {
    /** The subcommands, in the order help lists them (after picocli's help command). */
    static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("run", RunCommand.class);
        COMMANDS.put("prepare", PrepareCommand.class);
        COMMANDS.put("run-prepared", RunPreparedCommand.class);
        COMMANDS.put("list", ListCommand.class);
        COMMANDS.put("status", StatusCommand.class);
        COMMANDS.put("stop", StopCommand.class);
        COMMANDS.put("rm", RmCommand.class);
        COMMANDS.put("gc", GcCommand.class);
        COMMANDS.put("cat-manifest", CatManifestCommand.class);
        COMMANDS.put("enter", EnterCommand.class);
        COMMANDS.put("fetch", FetchCommand.class);
        COMMANDS.put("image", ImageCommand.class);
        COMMANDS.put("trust", TrustCommand.class);
        COMMANDS.put("config", ConfigCommand.class);
        COMMANDS.put("version", VersionCommand.class);
        COMMANDS.put("daemon", DaemonCommand.class);
    }

    /** The global flags that take a value, so that the value is not read as the command name. */
    static final Set<String> GLOBAL_VALUE_FLAGS = Set.of(
            "--dir", "--local-config", "--system-config", "--user-config", "--insecure-options");

    /**
     * The subcommand a command line names: the first argument that is neither a flag nor a
     * global flag's value; null if there is none.
     */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                return a;
            }
            if (GLOBAL_VALUE_FLAGS.contains(a)) {
                i++;
            }
        }
        return null;
    }

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    private final Session session;

    RootCommand(Session session) {
        this.session = session;
    }

    /** rkt without a command: says so, shows the help and exits 2 as rkt did. */
    @Override
    public Integer call() {
        session.ctx().err().println("rkt: missing command");
        spec.commandLine().usage(session.ctx().out());
        return Rkt.EXIT_MISSING_COMMAND;
    }
}
