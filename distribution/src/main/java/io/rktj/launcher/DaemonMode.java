package io.rktj.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.launch.Framework;

/**
 * {@code rkt daemon [--socket=PATH]}: one long-lived framework with every bundle and the
 * daemon's (lib/daemon/), serving the commands bin/rkt hands to it on a unix socket until it is
 * stopped (SIGTERM, SIGINT). The socket is --socket, else $RKT_DAEMON_SOCKET, else
 * {@value #DEFAULT_SOCKET}; bin/rkt looks in the same places.
 */
final class DaemonMode {
    static final String DEFAULT_SOCKET = "/run/rktj/daemon.sock";
    static final String USAGE = String.join("\n",
            "Serve rkt commands from one long-lived process",
            "",
            "Usage:",
            "  rkt daemon [flags]",
            "",
            "While it runs, bin/rkt hands each command it can serve to it (the same bundles, already",
            "started) and runs the others itself; a pod's supervisor still runs in the process of the",
            "rkt command that started it. The daemon serves one --dir, --local-config and",
            "--system-config: give them to `rkt daemon` as to any command.",
            "",
            "Flags:",
            "      --socket string   the unix socket to serve (default $RKT_DAEMON_SOCKET, else " + DEFAULT_SOCKET + ")",
            "  -h, --help            help for daemon");

    private DaemonMode() {
    }

    /** True when the command line's command is {@code daemon}. */
    static boolean requested(String[] args) {
        return "daemon".equals(GlobalFlags.command(args));
    }

    static int serve(String[] args, Map<String, String> flags, StorageArea storage) throws Exception {
        String socket = null;
        boolean seen = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!seen) {
                seen = arg.equals("daemon");
                if (GlobalFlags.takesValue(arg)) {
                    i++;
                }
                continue;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return 0;
            }
            if (arg.startsWith("--socket=")) {
                socket = arg.substring("--socket=".length());
            } else if (arg.equals("--socket") && i + 1 < args.length) {
                socket = args[++i];
            } else if (GlobalFlags.takesValue(arg)) {
                i++;
            } else if (!GlobalFlags.isGlobal(arg)) {
                System.err.println("rkt: daemon: unknown flag or argument: " + arg);
                return Main.RUNTIME_ERROR;
            }
        }
        if (socket == null) {
            String env = System.getenv("RKT_DAEMON_SOCKET");
            socket = env == null || env.isEmpty() ? DEFAULT_SOCKET : env;
        }
        if (!socket.startsWith("/")) {
            System.err.println("rkt: daemon: --socket " + socket + ": must be an absolute path");
            return Main.RUNTIME_ERROR;
        }
        Path home = Main.home();
        Map<String, String> properties = new HashMap<>(flags);
        properties.put("rkt.daemon.socket", socket);
        Main.Booted booted = Main.boot(home, properties, storage, BundleDeployer.jars(home.resolve("lib").resolve("daemon")),
                new StartupClock(GlobalFlags.debug(flags)));
        Framework framework = booted.framework();
        booted.deployer().startRest();
        CommandService.markReady(framework.getBundleContext());
        booted.recordSystemPackages();
        if (!booted.deployer().failures().isEmpty()) {
            System.err.println("rkt: daemon: bundles not started: " + booted.deployer().failures().values());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                framework.stop();
                framework.waitForStop(10_000);
            } catch (Exception e) {
                // the process ends anyway
            }
            storage.delete();
        }, "rkt-daemon-stop"));
        System.out.println("rkt: daemon: serving " + socket);
        System.out.flush();
        framework.waitForStop(0);
        return 0;
    }
}
