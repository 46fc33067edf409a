package io.rktj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.rktj.api.image.FetchProgress;
import io.rktj.cli.format.HumanBytes;

/**
 * A fetch's progress on one terminal line, redrawn at most ten times a second: bytes received
 * of the total, the rate, and each layer still arriving. Used only when stderr is a terminal.
 */
final class TerminalProgress implements FetchProgress {
    private static final long REDRAW_NANOS = 100_000_000L;

    private record Blob(long received, long total) {
    }

    private final PrintStream err;
    private final Map<String, Blob> blobs = new LinkedHashMap<>();
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastWidth;

    TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /**
     * Whether the stderr of the client a daemon thread serves is a terminal; unset when the
     * command runs in its own process.
     */
    static final ThreadLocal<Boolean> CLIENT_STDERR_TERMINAL = new ThreadLocal<>();

    /** Progress for stderr if it is a terminal, else none. */
    static FetchProgress forStderr(PrintStream err) {
        Boolean client = CLIENT_STDERR_TERMINAL.get();
        if (client != null) {
            return client ? new TerminalProgress(err) : FetchProgress.NONE;
        }
        return err == System.err && stderrIsTerminal() ? new TerminalProgress(err) : FetchProgress.NONE;
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public synchronized void received(String blob, long received, long total) {
        blobs.put(blob, new Blob(received, total));
        long now = System.nanoTime();
        boolean complete = total >= 0 && received >= total;
        if (now - lastDraw < REDRAW_NANOS && !complete) {
            return;
        }
        lastDraw = now;
        long got = 0;
        long all = 0;
        StringBuilder layers = new StringBuilder();
        for (Map.Entry<String, Blob> b : blobs.entrySet()) {
            got += b.getValue().received();
            all += Math.max(0, b.getValue().total());
            if (b.getValue().received() < b.getValue().total()) {
                String hex = b.getKey().substring(b.getKey().indexOf(':') + 1);
                layers.append(' ').append(hex, 0, Math.min(12, hex.length())).append(' ')
                        .append(100 * b.getValue().received() / Math.max(1, b.getValue().total())).append('%');
            }
        }
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        String line = "Downloading " + HumanBytes.iec(got) + "/" + HumanBytes.iec(all) + " (" + HumanBytes.iec((long) (got / seconds))
                + "/s)" + layers;
        String pad = " ".repeat(Math.max(0, lastWidth - line.length()));
        lastWidth = line.length();
        err.print("\r" + line + pad);
        err.flush();
    }

    /** Ends the progress line, if one was drawn (once). */
    synchronized void finish() {
        if (lastWidth > 0) {
            err.println();
            err.flush();
            lastWidth = 0;
        }
    }

    /** Ends the line of {@code progress} if it is a terminal's. */
    static void finish(FetchProgress progress) {
        if (progress instanceof TerminalProgress t) {
            t.finish();
        }
    }
}
