package io.rktj.daemon;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.rktj.sys.ExecHandoff;
import io.rktj.sys.UnixSocket;

/**
 * One client's command: reads the request, runs it through the rkt request service with the
 * client's streams, environment and working directory, and answers with the exit status, an
 * exec for the client to perform (a pod's supervisor), or "run it yourself".
 */
final class ClientConnection implements Runnable {
    /** The request service's answer for a command the daemon does not run. */
    static final int RUN_IT_YOURSELF = Integer.MIN_VALUE;
    private static final int RUNTIME_ERROR = 254;

    private final UnixSocket socket;
    private final Function<Map<String, Object>, Integer> command;
    private final RoutedStreams routes;
    private boolean spoke;

    ClientConnection(UnixSocket socket, Function<Map<String, Object>, Integer> command, RoutedStreams routes) {
        this.socket = socket;
        this.command = command;
        this.routes = routes;
    }

    @Override
    public void run() {
        try (socket) {
            serve();
        } catch (IOException | UncheckedIOException e) {
            // the client went away: whatever its command made is the pods' and the store's own
            // business (a pod whose supervisor never started is collected by gc)
        }
    }

    private void serve() throws IOException {
        UnixSocket.Credentials peer = socket.peer();
        Protocol.Request request = Protocol.readRequest(new DataInputStream(new BufferedInputStream(socket.input())));
        PrintStream out = new PrintStream(new FrameStream(Protocol.STDOUT), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FrameStream(Protocol.STDERR), true, StandardCharsets.UTF_8);
        Map<String, Object> call = new HashMap<>();
        call.put("args", request.args().toArray(new String[0]));
        call.put("out", out);
        call.put("err", err);
        call.put("env", request.env());
        call.put("cwd", request.cwd());
        call.put("uid", peer.uid());
        call.put("stderrTerminal", (request.flags() & Protocol.STDERR_TERMINAL) != 0);
        Integer status;
        try {
            status = routes.routed(out, err, () -> ExecHandoff.on(new Handoff(peer.pid()), () -> command.apply(call)));
        } catch (ExecHandoff.HandedOff done) {
            return; // the client execs the pod's supervisor
        } catch (RuntimeException | LinkageError e) {
            err.println("rkt: daemon: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            status = RUNTIME_ERROR;
        }
        out.flush();
        err.flush();
        if (status != null && status == RUN_IT_YOURSELF && !spoke) {
            send(Protocol.frame(Protocol.FALLBACK, new byte[0], 0, 0));
        } else {
            send(Protocol.exitFrame(status == null || status == RUN_IT_YOURSELF ? RUNTIME_ERROR : status));
        }
    }

    private synchronized void send(byte[] frame) throws IOException {
        socket.write(frame, 0, frame.length);
    }

    /** Bytes for the client's stdout or stderr, one frame per write. */
    private final class FrameStream extends OutputStream {
        private final byte type;

        FrameStream(byte type) {
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                spoke = true;
                send(Protocol.frame(type, b, off, len));
            }
        }
    }

    /** The exec a pod's run ends with, performed by the client. */
    private final class Handoff implements ExecHandoff.Client {
        private final int pid;

        Handoff(int pid) {
            this.pid = pid;
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public void exec(String path, List<String> argv, List<String> envp, int[] fds) {
            byte[] payload = Protocol.execPayload(path, argv, envp, fds);
            try {
                synchronized (ClientConnection.this) {
                    send(Protocol.frame(Protocol.EXEC, payload, 0, payload.length));
                    if (fds.length > 0) {
                        socket.sendFds(new byte[] {Protocol.FDS}, fds);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("hand the pod to the client (pid " + pid + "): " + e.getMessage(), e);
            }
        }
    }
}
