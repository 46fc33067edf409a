package io.rktj.daemon;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes between bin/rkt's client (lib/rkt-connect, in C) and the daemon, all integers
 * big-endian, every string a u32 length and its UTF-8 bytes.
 *
 * <p>Request: "RKTJ", version 1 (u8); argc (u32) and the arguments; envc (u32) and the
 * environment's "NAME=value" strings; the working directory; flags (u8: 1 stdin, 2 stdout,
 * 4 stderr is a terminal).
 *
 * <p>Answer: frames of a type (u8) and a payload length (u32): {@code O} and {@code E} carry
 * bytes for the client's stdout and stderr; {@code X} (u32 exit status) ends the command;
 * {@code F} (empty) tells the client to run the command in a process of its own, which the
 * daemon says only before any output; {@code P} is an exec the client must perform: the path,
 * argc and argv, envc and envp, fdc and the fd numbers at which to install the fds that arrive,
 * in that order, with the one byte {@code D} that follows the frame (SCM_RIGHTS).
 */
final class Protocol {
    static final byte[] MAGIC = {'R', 'K', 'T', 'J'};
    static final int VERSION = 1;
    static final byte STDOUT = 'O';
    static final byte STDERR = 'E';
    static final byte EXIT = 'X';
    static final byte FALLBACK = 'F';
    static final byte EXEC = 'P';
    static final byte FDS = 'D';

    static final int STDIN_TERMINAL = 1;
    static final int STDOUT_TERMINAL = 2;
    static final int STDERR_TERMINAL = 4;

    private static final int MAX_STRINGS = 1 << 16;
    private static final int MAX_STRING = 1 << 20;

    private Protocol() {
    }

    /** A client's request. */
    record Request(List<String> args, Map<String, String> env, String cwd, int flags) {
    }

    static Request readRequest(DataInputStream in) throws IOException {
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an rkt client (bad magic)");
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("client speaks protocol " + version + ", this daemon " + VERSION);
        }
        List<String> args = readStrings(in);
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : readStrings(in)) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        String cwd = readString(in);
        int flags = in.readUnsignedByte();
        return new Request(args, env, cwd, flags);
    }

    static List<String> readStrings(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_STRINGS) {
            throw new IOException("bad string count " + count);
        }
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            strings.add(readString(in));
        }
        return strings;
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING) {
            throw new IOException("bad string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The payload of an exec frame. */
    static byte[] execPayload(String path, List<String> argv, List<String> envp, int[] fds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeString(out, path);
            writeStrings(out, argv);
            writeStrings(out, envp);
            out.writeInt(fds.length);
            for (int fd : fds) {
                out.writeInt(fd);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        return bytes.toByteArray();
    }

    static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            writeString(out, s);
        }
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** A frame header followed by its payload. */
    static byte[] frame(byte type, byte[] payload, int offset, int length) {
        byte[] frame = new byte[5 + length];
        frame[0] = type;
        frame[1] = (byte) (length >>> 24);
        frame[2] = (byte) (length >>> 16);
        frame[3] = (byte) (length >>> 8);
        frame[4] = (byte) length;
        System.arraycopy(payload, offset, frame, 5, length);
        return frame;
    }

    static byte[] exitFrame(int status) {
        return frame(EXIT, new byte[] {(byte) (status >>> 24), (byte) (status >>> 16), (byte) (status >>> 8), (byte) status},
                0, 4);
    }
}
