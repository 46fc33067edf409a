package io.rktj.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * A stream socket of the AF_UNIX family, with what the JDK's own unix-domain channels cannot
 * do: the peer's credentials (SO_PEERCRED) and file descriptors passed along with the data
 * (SCM_RIGHTS). Linux on 64-bit platforms only (the layout of msghdr and cmsghdr is theirs).
 * Every fd it makes is close-on-exec.
 */
public final class UnixSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int SHUT_WR = 1;
    private static final int EINTR = 4;
    private static final int PATH_MAX = 108;
    /** The most fds one {@link #receive} accepts. */
    public static final int MAX_FDS = 32;

    /** What SO_PEERCRED tells of the process at the other end, as of its connect(2). */
    public record Credentials(int pid, int uid, int gid) {
    }

    private final int fd;
    private volatile boolean closed;

    private UnixSocket(int fd) {
        this.fd = fd;
    }

    /** Binds {@code path} (which must not exist) and listens on it. */
    public static UnixSocket listen(Path path, int backlog) {
        int fd = socket();
        try {
            Memory address = address(path);
            LibC.INSTANCE.bind(fd, address, (int) address.size());
            LibC.INSTANCE.listen(fd, backlog);
            return new UnixSocket(fd);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw fail("listen on " + path, e);
        }
    }

    /** Connects to the socket at {@code path}. */
    public static UnixSocket connect(Path path) {
        int fd = socket();
        try {
            Memory address = address(path);
            LibC.INSTANCE.connect(fd, address, (int) address.size());
            return new UnixSocket(fd);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw fail("connect to " + path, e);
        }
    }

    /** Waits for the next connection. */
    public UnixSocket accept() {
        while (true) {
            try {
                return new UnixSocket(LibC.INSTANCE.accept4(fd, null, null, SOCK_CLOEXEC));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw fail("accept", e);
                }
            }
        }
    }

    public int fd() {
        return fd;
    }

    /** The peer's pid, uid and gid. */
    public Credentials peer() {
        Memory value = new Memory(12);
        IntByReference length = new IntByReference(12);
        try {
            LibC.INSTANCE.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, value, length);
        } catch (LastErrorException e) {
            throw fail("getsockopt SO_PEERCRED", e);
        }
        return new Credentials(value.getInt(0), value.getInt(4), value.getInt(8));
    }

    /** Reads what is there, up to {@code length} bytes; -1 at the end of the stream. */
    public int read(byte[] buffer, int offset, int length) throws IOException {
        byte[] target = offset == 0 ? buffer : new byte[length];
        while (true) {
            try {
                long n = LibC.INSTANCE.recv(fd, target, length, 0);
                if (n == 0) {
                    return -1;
                }
                if (target != buffer) {
                    System.arraycopy(target, 0, buffer, offset, (int) n);
                }
                return (int) n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException(fail("recv", e).getMessage(), e);
                }
            }
        }
    }

    /** Writes all of it; a peer that is gone is an IOException, never a SIGPIPE. */
    public void write(byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            byte[] chunk = offset + done == 0 ? buffer : Arrays.copyOfRange(buffer, offset + done, offset + length);
            try {
                done += (int) LibC.INSTANCE.send(fd, chunk, length - done, MSG_NOSIGNAL);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException(fail("send", e).getMessage(), e);
                }
            }
        }
    }

    /** Sends {@code data} (at least one byte) in one message that carries {@code fds}. */
    public void sendFds(byte[] data, int[] fds) throws IOException {
        if (data.length == 0 || fds.length == 0 || fds.length > MAX_FDS) {
            throw new IllegalArgumentException("one to " + MAX_FDS + " fds with at least one byte");
        }
        Memory payload = new Memory(data.length);
        payload.write(0, data, 0, data.length);
        Memory iov = new Memory(16);
        iov.setPointer(0, payload);
        iov.setLong(8, data.length);
        int dataLength = 4 * fds.length;
        Memory control = new Memory(controlSpace(fds.length));
        control.clear();
        control.setLong(0, 16 + dataLength);
        control.setInt(8, SOL_SOCKET);
        control.setInt(12, SCM_RIGHTS);
        for (int i = 0; i < fds.length; i++) {
            control.setInt(16 + 4L * i, fds[i]);
        }
        Memory message = message(iov, control);
        while (true) {
            try {
                long n = LibC.INSTANCE.sendmsg(fd, message, MSG_NOSIGNAL);
                if (n < data.length) {
                    write(data, (int) n, data.length - (int) n);
                }
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException(fail("sendmsg", e).getMessage(), e);
                }
            }
        }
    }

    /**
     * Reads like {@link #read} and adds the fds that came with the bytes (close-on-exec) to
     * {@code fds}.
     */
    public int receive(byte[] buffer, int offset, int length, List<Integer> fds) throws IOException {
        Memory payload = new Memory(length);
        Memory iov = new Memory(16);
        iov.setPointer(0, payload);
        iov.setLong(8, length);
        Memory control = new Memory(controlSpace(MAX_FDS));
        control.clear();
        Memory message = message(iov, control);
        long n;
        while (true) {
            try {
                n = LibC.INSTANCE.recvmsg(fd, message, MSG_CMSG_CLOEXEC);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException(fail("recvmsg", e).getMessage(), e);
                }
            }
        }
        long controlLength = message.getLong(40);
        long at = 0;
        while (at + 16 <= controlLength) {
            long cmsgLength = control.getLong(at);
            if (cmsgLength < 16) {
                break;
            }
            if (control.getInt(at + 8) == SOL_SOCKET && control.getInt(at + 12) == SCM_RIGHTS) {
                for (long i = 16; i + 4 <= cmsgLength; i += 4) {
                    fds.add(control.getInt(at + i));
                }
            }
            at += (cmsgLength + 7) & ~7L;
        }
        if (n == 0) {
            return -1;
        }
        payload.read(0, buffer, offset, (int) n);
        return (int) n;
    }

    /** Ends reading and writing; a thread waiting in {@link #accept} on it returns with an error. */
    public void shutdown() {
        try {
            LibC.INSTANCE.shutdown(fd, 2);
        } catch (LastErrorException e) {
            throw fail("shutdown", e);
        }
    }

    /** Ends this side's writing; the peer reads the end of the stream. */
    public void shutdownOutput() {
        try {
            LibC.INSTANCE.shutdown(fd, SHUT_WR);
        } catch (LastErrorException e) {
            throw fail("shutdown", e);
        }
    }

    public InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : UnixSocket.this.read(b, off, len);
            }
        };
    }

    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                UnixSocket.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                UnixSocket.this.write(b, off, len);
            }
        };
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(fd);
        }
    }

    private static int socket() {
        try {
            return LibC.INSTANCE.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw fail("socket", e);
        }
    }

    private static Memory address(Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= PATH_MAX) {
            throw new NativeException("socket " + path, 36, "path too long for a unix socket (" + name.length
                    + " bytes, at most " + (PATH_MAX - 1) + ")");
        }
        Memory address = new Memory(2 + name.length + 1);
        address.clear();
        address.setShort(0, (short) AF_UNIX);
        address.write(2, name, 0, name.length);
        return address;
    }

    private static long controlSpace(int fds) {
        return 16 + ((4L * fds + 7) & ~7L);
    }

    private static Memory message(Pointer iov, Memory control) {
        Memory message = new Memory(56);
        message.clear();
        message.setPointer(16, iov);
        message.setLong(24, 1);
        message.setPointer(32, control);
        message.setLong(40, control.size());
        return message;
    }

    private static NativeException fail(String call, LastErrorException e) {
        int errno = e.getErrorCode();
        return new NativeException(call, errno, LibC.INSTANCE.strerror(errno));
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException ignored) {
            // nothing to do about it
        }
    }
}
