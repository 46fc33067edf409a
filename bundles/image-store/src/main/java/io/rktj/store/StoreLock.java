package io.rktj.store;

import java.nio.file.Path;

import io.rktj.sys.Posix;

/**
 * An exclusive flock(2) on the store's directory, held around every change of the index and
 * every render. Each holder opens its own descriptor, so the lock serialises threads of one JVM
 * as well as concurrent rkt processes, and the kernel drops it when a process dies.
 */
final class StoreLock implements AutoCloseable {
    private final int fd;

    private StoreLock(int fd) {
        this.fd = fd;
    }

    static StoreLock exclusive(Path casDir) {
        int fd = Posix.openDirectory(casDir);
        try {
            Posix.flock(fd, Posix.LOCK_EX);
        } catch (RuntimeException e) {
            Posix.close(fd);
            throw e;
        }
        return new StoreLock(fd);
    }

    @Override
    public void close() {
        Posix.close(fd);
    }
}
