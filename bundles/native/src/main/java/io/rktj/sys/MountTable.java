package io.rktj.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The process's mount table (/proc/self/mountinfo) and a safe teardown of the mounts under a directory. */
public final class MountTable {
    /** One line of mountinfo: the mount point, decoded, and the whole line. */
    public record Entry(int id, int parentId, Path mountPoint, String fsType, String line) {
    }

    private MountTable() {
    }

    public static List<Entry> read() {
        try {
            List<Entry> out = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                int dash = line.indexOf(" - ");
                String fsType = dash < 0 ? "" : line.substring(dash + 3).split(" ")[0];
                out.add(new Entry(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Path.of(unescape(f[4])), fsType, line));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mounts at or below dir, deepest (latest) first: the order to unmount them in. */
    public static List<Entry> under(Path dir) {
        Path abs = canonical(dir);
        List<Entry> all = read();
        List<Entry> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).mountPoint().startsWith(abs)) {
                out.add(all.get(i));
            }
        }
        out.sort(Comparator.comparingInt((Entry e) -> e.mountPoint().getNameCount()).reversed());
        return out;
    }

    /**
     * Unmounts everything at or below dir without any unmount reaching a mount outside it: the
     * subtree is first made private (recursively), so no unmount propagates to a peer (the host's
     * /sys, /proc or /dev when the pod bound them). Mounts that stay busy are detached.
     */
    public static void unmountAll(Path dir) {
        Path abs = canonical(dir);
        for (Entry e : under(abs)) {
            try {
                Posix.mount(null, e.mountPoint(), null, Posix.MS_PRIVATE | Posix.MS_REC, null);
            } catch (NativeException ex) {
                if (ex.errno() != Posix.EINVAL && ex.errno() != Posix.ENOENT) {
                    throw ex;
                }
            }
        }
        for (int round = 0; round < 8; round++) {
            List<Entry> left = under(abs);
            if (left.isEmpty()) {
                return;
            }
            for (Entry e : left) {
                try {
                    Posix.umount(e.mountPoint(), 0);
                } catch (NativeException ex) {
                    if (ex.errno() == Posix.EBUSY && round > 2) {
                        Posix.umount(e.mountPoint(), Posix.MNT_DETACH);
                    }
                }
            }
        }
        if (!under(abs).isEmpty()) {
            throw new NativeException("umount " + abs, Posix.EBUSY, "mounts remain: " + under(abs).get(0).mountPoint());
        }
    }

    /** mountinfo shows real paths: a data dir reached through a symlink must match them. */
    private static Path canonical(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            return abs;
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
