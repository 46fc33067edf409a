package io.rktj.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import io.rktj.api.RktException;
import io.rktj.sys.NativeException;
import io.rktj.sys.Posix;

/**
 * Where everything of the store lives under {@code <rkt.dir>/cas}. What is at a final name is
 * complete: it got there by rename(2) after being synced. {@code tmp/} holds work in progress,
 * named {@code <kind>-<pid>-<random>} so that leftovers of dead processes can be told apart.
 */
final class CasLayout {
    private final Path root;
    private final long pid = ProcessHandle.current().pid();

    CasLayout(Path dataDir) {
        this.root = dataDir.resolve("cas");
    }

    Path root() {
        return root;
    }

    /** Uncompressed ACI tars, named by image id. */
    Path blobs() {
        return root.resolve("blobs");
    }

    /** One JSON record per image: the index. */
    Path images() {
        return root.resolve("images");
    }

    /** Rendered images: {@code tree/<id>/{rootfs,manifest}}. */
    Path trees() {
        return root.resolve("tree");
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    Path blob(String id) {
        return blobs().resolve(id);
    }

    Path record(String id) {
        return images().resolve(id + ".json");
    }

    Path tree(String id) {
        return trees().resolve(id);
    }

    /** Creates the store's directories; only writers call it, so reading an empty store creates nothing. */
    void create() throws IOException {
        Files.createDirectories(blobs());
        Files.createDirectories(images());
        Files.createDirectories(trees());
        Files.createDirectories(tmp());
    }

    /** A fresh name in {@code tmp/}; nothing is created. */
    Path newTemp(String kind) {
        return tmp().resolve(kind + "-" + pid + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /**
     * Removes what dead processes left in {@code tmp/}: an interrupted import or render. Call with
     * the store lock held; entries of live processes (this one included) are being written.
     */
    void removeStaleTemps() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp())) {
            for (Path entry : entries) {
                long owner = ownerPid(entry.getFileName().toString());
                if (owner > 0 && owner != pid && !alive(owner)) {
                    DurableFiles.deleteTree(entry);
                }
            }
        } catch (NoSuchFileException e) {
            // nothing was ever written
        } catch (IOException e) {
            throw RktException.wrap("clean " + tmp(), e);
        }
    }

    private static long ownerPid(String name) {
        String[] parts = name.split("-");
        if (parts.length != 3) {
            return -1;
        }
        try {
            return Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean alive(long pid) {
        try {
            return Posix.kill((int) pid, 0);
        } catch (NativeException e) {
            return true; // EPERM: it exists, owned by someone else
        }
    }
}
