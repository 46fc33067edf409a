package io.rktj.store.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A rendered tree as comparable lines: path, type, mode, owner, content digest or link target,
 * and mtime of non-directories. Two renderers of the same image must give the same lines.
 */
public final class TreeListing {
    private TreeListing() {
    }

    public static List<String> of(Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                lines.add(line(root, p));
            }
        }
        return lines;
    }

    private static String line(Path root, Path p) throws IOException {
        String rel = "/" + root.relativize(p);
        int mode = (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String owner = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        String what;
        if (Files.isSymbolicLink(p)) {
            what = "symlink " + Files.readSymbolicLink(p);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            what = "dir";
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            what = "file " + Files.size(p) + " " + sha256(p);
        } else {
            what = "special " + Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        }
        String mtime = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || rel.equals("/") ? ""
                : " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
        return rel + " " + what + " " + Integer.toOctalString(mode & 07777) + " " + owner + mtime;
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
