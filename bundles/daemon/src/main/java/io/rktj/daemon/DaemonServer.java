package io.rktj.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.rktj.sys.NativeException;
import io.rktj.sys.UnixSocket;

/**
 * {@code rkt daemon}: serves rkt commands on a unix socket (framework property
 * {@value #SOCKET_PROPERTY}, set by the launcher in daemon mode), each on a thread of its own,
 * through the cli bundle's request service, and keeps the framework in step with the jars of
 * the distribution's bundles/ folder ({@link BundleWatcher}). The socket is its owner's only (mode 0600), and the
 * request service runs only commands of a client with the daemon's own uid.
 */
@Component(immediate = true)
public final class DaemonServer {
    static final String SOCKET_PROPERTY = "rkt.daemon.socket";
    static final String SERVING_PROPERTY = "rkt.daemon.serving";

    private final Function<Map<String, Object>, Integer> command;
    private final RoutedStreams routes = new RoutedStreams();
    private Path path;
    private UnixSocket listener;
    private Thread acceptor;
    private Thread watcher;
    private volatile boolean closing;

    @Activate
    public DaemonServer(BundleContext context,
            @Reference(target = "(rkt.command=request)") Function<Map<String, Object>, Integer> command) {
        this.command = command;
        String socket = context.getProperty(SOCKET_PROPERTY);
        if (socket == null || socket.isEmpty()) {
            return; // a single command's framework: nothing to serve
        }
        this.path = Path.of(socket);
        this.listener = listen(path);
        routes.install();
        acceptor = new Thread(this::accept, "rkt-daemon-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        // tells the launcher the socket is served (it reports a daemon that cannot listen)
        context.registerService(Object.class, new Object(),
                new Hashtable<>(Map.of(SERVING_PROPERTY, socket)));
        String home = context.getProperty("rkt.home");
        if (home != null) {
            BundleWatcher bundles = new BundleWatcher(context, Path.of(home, "bundles"));
            long interval = Long.getLong("rkt.daemon.watch.millis", 2000);
            watcher = new Thread(() -> watch(bundles, interval), "rkt-daemon-bundles");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    private void watch(BundleWatcher bundles, long interval) {
        while (!closing) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (!closing) {
                bundles.poll();
            }
        }
    }

    /** Binds the socket; a socket file left by a daemon that is gone is replaced, a live one is not. */
    private static UnixSocket listen(Path path) {
        try {
            Files.createDirectories(path.getParent());
            if (Files.exists(path)) {
                try (UnixSocket other = UnixSocket.connect(path)) {
                    throw new IllegalStateException("rkt daemon: " + path + ": another daemon is serving it");
                } catch (NativeException gone) {
                    Files.delete(path);
                }
            }
            UnixSocket listener = UnixSocket.listen(path, 64);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException("rkt daemon: " + path + ": " + e.getMessage(), e);
        }
    }

    private void accept() {
        while (true) {
            UnixSocket client;
            try {
                client = listener.accept();
            } catch (NativeException e) {
                if (closing) {
                    return;
                }
                pause(); // out of fds, say: the clients that come later may fare better
                continue;
            }
            Thread worker = new Thread(new ClientConnection(client, command, routes), "rkt-daemon-client");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Deactivate
    void deactivate() {
        if (listener == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the next daemon replaces a socket nobody listens on
        }
        closing = true;
        if (watcher != null) {
            watcher.interrupt();
        }
        try {
            listener.shutdown();
        } catch (NativeException ignored) {
            // not connected: close alone ends it
        }
        listener.close();
        routes.uninstall();
    }
}
