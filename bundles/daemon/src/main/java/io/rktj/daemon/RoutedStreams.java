package io.rktj.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.function.Supplier;

/**
 * System.out and System.err of the daemon, routed per request: what any bundle writes there
 * while it works for a client (and in the threads it starts meanwhile) reaches that client;
 * everything else goes to the daemon's own streams.
 */
final class RoutedStreams {
    private final InheritableThreadLocal<PrintStream[]> route = new InheritableThreadLocal<>();
    private PrintStream originalOut;
    private PrintStream originalErr;

    /** Replaces System.out and System.err. */
    synchronized void install() {
        if (originalOut != null) {
            return;
        }
        originalOut = System.out;
        originalErr = System.err;
        Charset charset = Charset.defaultCharset();
        System.setOut(new PrintStream(new Router(0, originalOut), true, charset));
        System.setErr(new PrintStream(new Router(1, originalErr), true, charset));
    }

    /** Puts the daemon's own streams back. */
    synchronized void uninstall() {
        if (originalOut != null) {
            System.out.flush();
            System.err.flush();
            System.setOut(originalOut);
            System.setErr(originalErr);
            originalOut = null;
            originalErr = null;
        }
    }

    /** Runs {@code work} with System.out and System.err of this thread going to {@code out} and {@code err}. */
    <T> T routed(PrintStream out, PrintStream err, Supplier<T> work) {
        PrintStream[] previous = route.get();
        route.set(new PrintStream[] {out, err});
        try {
            return work.get();
        } finally {
            System.out.flush();
            System.err.flush();
            route.set(previous);
        }
    }

    private final class Router extends OutputStream {
        private final int index;
        private final PrintStream fallback;

        Router(int index, PrintStream fallback) {
            this.index = index;
            this.fallback = fallback;
        }

        private PrintStream target() {
            PrintStream[] streams = route.get();
            return streams == null ? fallback : streams[index];
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() {
            target().flush();
        }
    }
}
