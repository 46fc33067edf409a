package io.rktj.core;

import java.nio.file.Path;
import java.util.Optional;

import io.rktj.api.RktException;
import io.rktj.sys.NativeException;
import io.rktj.sys.Posix;

/**
 * An open fd on a pod directory and the flock(2) taken through it. flock locks belong to the open
 * file description, so the lock follows the directory across renames and survives execve when
 * the fd is made inheritable: that is how a pod's supervisor keeps its pod "running".
 */
final class PodLock implements AutoCloseable {
    private static final int SOON_ATTEMPTS = 100;
    private static final long SOON_PAUSE_MS = 20;

    private final Path dir;
    private int fd;

    private PodLock(Path dir, int fd) {
        this.dir = dir;
        this.fd = fd;
    }

    /** Opens the directory, or returns empty when it is not there (moved or removed meanwhile). */
    static Optional<PodLock> openIfExists(Path dir) {
        try {
            return Optional.of(new PodLock(dir, Posix.openDirectory(dir)));
        } catch (NativeException e) {
            if (e.errno() == Posix.ENOENT) {
                return Optional.empty();
            }
            throw RktException.wrap("lock " + dir, e);
        }
    }

    static PodLock open(Path dir) {
        Optional<PodLock> lock = openIfExists(dir);
        if (lock.isEmpty()) {
            throw new RktException("lock " + dir + ": no such directory");
        }
        return lock.get();
    }

    int fd() {
        return fd;
    }

    /** The probe rkt uses: a shared lock is refused only while someone holds the exclusive one. */
    boolean tryShared() {
        return flock(Posix.LOCK_SH | Posix.LOCK_NB);
    }

    boolean tryExclusive() {
        return flock(Posix.LOCK_EX | Posix.LOCK_NB);
    }

    /**
     * Takes the exclusive lock, retrying for a moment: other processes' state probes hold a shared
     * lock for a few microseconds, which must not make us fail, while a pod held by a live
     * supervisor must not make us wait for its whole life.
     */
    boolean exclusiveSoon() {
        for (int i = 0; i < SOON_ATTEMPTS; i++) {
            if (tryExclusive()) {
                return true;
            }
            try {
                Thread.sleep(SOON_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Blocks until no one holds the exclusive lock (status --wait). */
    void waitShared() {
        flock(Posix.LOCK_SH);
    }

    void unlock() {
        flock(Posix.LOCK_UN);
    }

    private boolean flock(int op) {
        try {
            return Posix.flock(fd, op);
        } catch (NativeException e) {
            throw RktException.wrap("lock " + dir, e);
        }
    }

    /** Closing the fd drops the lock, unless an exec'd process inherited it. */
    @Override
    public void close() {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            Posix.close(f);
        }
    }
}
