package io.rktj.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which command lines the rkt daemon may run for a client, and which the client must run in a
 * process of its own. The daemon's answer has to be the one the client's own process would
 * give, so it serves only what does not depend on the client's process:
 * <ul>
 * <li>the commands that need neither the client's stdin nor its terminal (no enter, trust,
 * --interactive) and write no file the client names (no image export, extract, render);
 * <li>only under the daemon's own --dir, --local-config and --system-config (the components
 * read them when they start) and without --debug (which sets the framework's logging);
 * <li>only command lines without a relative path: the daemon's threads share one working
 * directory, not the client's.
 * </ul>
 */
final class DaemonRequests {

    private static final Set<String> SERVED = Set.of("run", "prepare", "run-prepared", "list", "status", "stop", "rm",
            "gc", "cat-manifest", "fetch", "image", "config", "version");
    private static final Set<String> SERVED_IMAGE = Set.of("list", "rm", "cat-manifest", "gc", "verify");
    /** The global flags the framework reads at start: a request must agree with the daemon's. */
    static final Map<String, String> FRAMEWORK_FLAGS = Map.of(
            "--dir", "rkt.dir",
            "--local-config", "rkt.local-config",
            "--system-config", "rkt.system-config");
    /** Flags whose value is a path on the client's side. */
    private static final Set<String> PATH_FLAGS = Set.of("--dir", "--local-config", "--system-config",
            "--user-config", "--uuid-file-save", "--uuid-file");

    private DaemonRequests() {
    }

    /**
     * True if the daemon can run {@code args} for a client whose working directory is {@code cwd};
     * {@code daemonProperty} gives the daemon's framework properties (null when unset).
     */
    static boolean served(String[] args, Path cwd, Function<String, String> daemonProperty) {
        String command = RootCommand.commandName(args);
        if (command != null && !SERVED.contains(command)) {
            return false;
        }
        if ("image".equals(command) && !SERVED_IMAGE.contains(subcommandName(args))) {
            return false;
        }
        for (Map.Entry<String, String> flag : FRAMEWORK_FLAGS.entrySet()) {
            if (!Objects.equals(flagValue(args, flag.getKey()), daemonProperty.apply(flag.getValue()))) {
                return false;
            }
        }
        String subcommand = "image".equals(command) ? subcommandName(args) : null;
        boolean appArgs = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                appArgs = true; // the app's own arguments, up to the next image
                continue;
            }
            if (arg.equals("---")) {
                appArgs = false;
                continue;
            }
            if (appArgs) {
                continue;
            }
            String flag = arg.startsWith("--") ? (arg.indexOf('=') < 0 ? arg : arg.substring(0, arg.indexOf('='))) : null;
            if ("--debug".equals(flag) || "--interactive".equals(flag)) {
                return false;
            }
            if (flag != null && PATH_FLAGS.contains(flag)) {
                String value = arg.indexOf('=') < 0 ? (i + 1 < args.length ? args[++i] : "") : arg.substring(arg.indexOf('=') + 1);
                if (!value.startsWith("/")) {
                    return false;
                }
                continue;
            }
            if (arg.startsWith("-")) {
                int eq = arg.indexOf('=');
                if (eq >= 0 && !absoluteOrNotAPath(arg.substring(eq + 1), cwd)) {
                    return false;
                }
                continue;
            }
            if (!arg.equals(command) && !arg.equals(subcommand) && !absoluteOrNotAPath(arg, cwd)) {
                return false;
            }
        }
        return true;
    }

    /**
     * False for anything that could name a file relative to the working directory: a ./ or ../
     * or ~ form, an ACI or OCI layout named relatively, a host volume's relative source, or a
     * word that is the name of a file in {@code cwd} (rkt run busybox.aci, rkt fetch img).
     */
    private static boolean absoluteOrNotAPath(String arg, Path cwd) {
        if (arg.startsWith("oci:") || arg.startsWith("oci-archive:")) {
            return arg.substring(arg.indexOf(':') + 1).startsWith("/");
        }
        if (arg.contains("://")) {
            return true;
        }
        for (String item : arg.split(",")) {
            int eq = item.indexOf('=');
            String piece = eq < 0 ? item : item.substring(eq + 1);
            if (piece.isEmpty() || piece.startsWith("/")) {
                continue;
            }
            if (piece.startsWith(".") || piece.startsWith("~") || piece.endsWith(".aci")
                    || (eq >= 0 && "source".equals(item.substring(0, eq))) || exists(cwd, piece)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exists(Path cwd, String piece) {
        try {
            return Files.exists(cwd.resolve(piece));
        } catch (InvalidPathException e) {
            return true; // cannot tell: let the client's own process judge it
        }
    }

    /** The value of a global flag as the launcher reads it (before "--"), or null. */
    static String flagValue(String[] args, String name) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals(name) && i + 1 < args.length) {
                value = args[++i];
            } else if (arg.startsWith(name + "=")) {
                value = arg.substring(name.length() + 1);
            }
        }
        return value;
    }

    private static String subcommandName(String[] args) {
        boolean seenImage = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-")) {
                if (RootCommand.GLOBAL_VALUE_FLAGS.contains(a)) {
                    i++;
                }
                continue;
            }
            if (seenImage) {
                return a;
            }
            seenImage = true;
        }
        return null;
    }
}
