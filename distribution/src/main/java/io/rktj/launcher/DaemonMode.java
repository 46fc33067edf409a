package io.rktj.launcher;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * {@code rkt daemon [--socket=PATH]}: one long-lived framework with every bundle and the
 * daemon's (lib/daemon/), serving the commands bin/rkt hands to it on a unix socket until it is
 * stopped (SIGTERM, SIGINT). The socket is --socket, else $RKT_DAEMON_SOCKET, else
 * {@value #DEFAULT_SOCKET}; bin/rkt looks in the same places.
 */
final class DaemonMode {
    static final String DEFAULT_SOCKET = "/run/rktj/daemon.sock";
    private DaemonMode() {
    }

    /** True if a process accepts connections on the socket (another daemon). */
    static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false; // left by a daemon that is gone: the new one replaces it
        }
    }

    /** Waits for the daemon bundle's marker that its socket is served. */
    private static boolean serving(Framework framework, long timeoutMillis) throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(
                framework.getBundleContext(), framework.getBundleContext().createFilter("(rkt.daemon.serving=*)"), null);
        tracker.open();
        try {
            return tracker.waitForService(timeoutMillis) != null;
        } finally {
            tracker.close();
        }
    }

    /** True when the command line's command is {@code daemon} (its --help is the cli's). */
    static boolean requested(String[] args) {
        return "daemon".equals(GlobalFlags.command(args))
                && java.util.Arrays.stream(args).noneMatch(a -> a.equals("--help") || a.equals("-h"));
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
        if (answers(Path.of(socket))) {
            System.err.println("rkt: daemon: " + socket + ": another daemon is serving it");
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
        if (!serving(framework, Long.getLong("rkt.launcher.timeout", 10_000))) {
            System.err.println("rkt: daemon: " + socket + ": not served (the daemon bundle did not start listening"
                    + (booted.deployer().failures().isEmpty() ? "; --debug tells why)"
                            : "; bundles not started: " + booted.deployer().failures().values() + ")"));
            framework.stop();
            framework.waitForStop(10_000);
            return Main.RUNTIME_ERROR;
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
