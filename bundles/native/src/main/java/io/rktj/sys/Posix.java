package io.rktj.sys;

import java.nio.file.Path;
import java.util.List;

import com.sun.jna.LastErrorException;

/** Thin, typed wrappers over the libc calls of {@link LibC}; each failure names the call and path. */
public final class Posix {
    public static final int O_RDONLY = 0;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_CLOEXEC = 02000000;

    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;

    public static final int MNT_DETACH = 2;

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    public static final int EWOULDBLOCK = 11;
    public static final int ESRCH = 3;
    public static final int EINVAL = 22;
    public static final int ENOENT = 2;
    public static final int EBUSY = 16;
    public static final int EPERM = 1;
    public static final int ENOTSUP = 95;

    private static final int F_GETFD = 1;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;

    private Posix() {
    }

    private static NativeException fail(String call, LastErrorException e) {
        int errno = e.getErrorCode();
        return new NativeException(call, errno, LibC.INSTANCE.strerror(errno));
    }

    /** Opens a directory read-only; the fd is close-on-exec unless {@link #inheritable} is called. */
    public static int openDirectory(Path dir) {
        try {
            return LibC.INSTANCE.open(dir.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw fail("open " + dir, e);
        }
    }

    public static void close(int fd) {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            throw fail("close", e);
        }
    }

    /**
     * syncfs(2) on the file system holding {@code path} (a file or a folder): one call that makes
     * every file written there durable, instead of an fsync per file of a tree.
     */
    public static void syncFileSystem(Path path) {
        int fd;
        try {
            fd = LibC.INSTANCE.open(path.toString(), O_RDONLY | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw fail("open " + path, e);
        }
        try {
            LibC.INSTANCE.syncfs(fd);
        } catch (LastErrorException e) {
            throw fail("syncfs " + path, e);
        } finally {
            close(fd);
        }
    }

    /**
     * flock(2). Returns false when {@code LOCK_NB} was given and another open file description
     * holds a conflicting lock.
     */
    public static boolean flock(int fd, int operation) {
        try {
            LibC.INSTANCE.flock(fd, operation);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EWOULDBLOCK && (operation & LOCK_NB) != 0) {
                return false;
            }
            throw fail("flock", e);
        }
    }

    /**
     * Clears close-on-exec so that a process this one execs keeps the fd (the pod lock); under an
     * {@link ExecHandoff}, marks the fd to be handed to the client instead.
     */
    public static void inheritable(int fd) {
        ExecHandoff handoff = ExecHandoff.current();
        if (handoff != null) {
            handoff.inherit(fd);
            return;
        }
        try {
            int flags = LibC.INSTANCE.fcntl(fd, F_GETFD, 0);
            LibC.INSTANCE.fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
        } catch (LastErrorException e) {
            throw fail("fcntl", e);
        }
    }

    public static void mount(String source, Path target, String fstype, long flags, String data) {
        try {
            LibC.INSTANCE.mount(source, target.toString(), fstype, flags, data);
        } catch (LastErrorException e) {
            throw fail("mount " + target, e);
        }
    }

    /** umount2(2); returns false if the target was not a mount point (EINVAL) or is gone (ENOENT). */
    public static boolean umount(Path target, int flags) {
        try {
            LibC.INSTANCE.umount2(target.toString(), flags);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINVAL || e.getErrorCode() == ENOENT) {
                return false;
            }
            throw fail("umount " + target, e);
        }
    }

    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;

    /** mknod(2) of a device node or fifo; {@code mode} holds the type bits and the permissions. */
    public static void mknod(Path path, int mode, int major, int minor) {
        long dev = ((long) (major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((long) (minor & 0xffffff00L) << 12) | (minor & 0xffL);
        try {
            LibC.INSTANCE.mknod(path.toString(), mode, dev);
        } catch (LastErrorException e) {
            throw fail("mknod " + path, e);
        }
    }

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    /**
     * utimensat(2) without following a symbolic link: sets access and modification times in
     * one call (the JDK opens the file to do it).
     */
    public static void setTimes(Path path, long atimeSeconds, long atimeNanos, long mtimeSeconds, long mtimeNanos) {
        try {
            LibC.INSTANCE.utimensat(AT_FDCWD, path.toString(), new long[] {atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos},
                    AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw fail("utimensat " + path, e);
        }
    }

    /**
     * lsetxattr(2): sets an extended attribute of a path without following a symbolic link.
     * Returns false if the file system or the caller's privileges do not allow it (ENOTSUP, EPERM).
     */
    public static boolean lsetxattr(Path path, String name, byte[] value) {
        try {
            LibC.INSTANCE.lsetxattr(path.toString(), name, value, value.length, 0);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOTSUP || e.getErrorCode() == EPERM) {
                return false;
            }
            throw fail("lsetxattr " + name + " " + path, e);
        }
    }

    /**
     * Replaces this process (and every thread of the JVM) by another program. Returns only by
     * throwing; under an {@link ExecHandoff} the client process execs instead and this throws
     * {@link ExecHandoff.HandedOff}.
     */
    public static void execve(String path, List<String> argv, List<String> envp) {
        ExecHandoff handoff = ExecHandoff.current();
        if (handoff != null) {
            handoff.exec(path, argv, envp);
        }
        try {
            LibC.INSTANCE.execve(path, argv.toArray(new String[0]), envp.toArray(new String[0]));
        } catch (LastErrorException e) {
            throw fail("execve " + path, e);
        }
        throw new IllegalStateException("execve returned");
    }

    /** kill(2); returns false if the process does not exist. */
    public static boolean kill(int pid, int signal) {
        try {
            LibC.INSTANCE.kill(pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return false;
            }
            throw fail("kill " + pid, e);
        }
    }

    public static void prctl(int option, long arg) {
        try {
            LibC.INSTANCE.prctl(option, arg, 0, 0, 0);
        } catch (LastErrorException e) {
            throw fail("prctl " + option, e);
        }
    }

    public static void unshare(int flags) {
        try {
            LibC.INSTANCE.unshare(flags);
        } catch (LastErrorException e) {
            throw fail("unshare", e);
        }
    }

    public static void setns(int fd, int nstype) {
        try {
            LibC.INSTANCE.setns(fd, nstype);
        } catch (LastErrorException e) {
            throw fail("setns", e);
        }
    }

    public static int geteuid() {
        return LibC.INSTANCE.geteuid();
    }

    /** This process's pid; under an {@link ExecHandoff}, the pid of the client that will exec. */
    public static int getpid() {
        ExecHandoff handoff = ExecHandoff.current();
        if (handoff != null) {
            return handoff.pid();
        }
        return LibC.INSTANCE.getpid();
    }
}
