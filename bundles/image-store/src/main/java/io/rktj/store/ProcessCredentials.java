package io.rktj.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's file-creation identity (fs uid, fs gid, umask), read once from
 * /proc/self/status, so the renderer calls chown and chmod only where a file would otherwise
 * come out different from what the archive says.
 *
 * @param umask -1 if unknown: then every mode is set explicitly
 */
record ProcessCredentials(long uid, long gid, int umask) {
    private static final ProcessCredentials CURRENT = read();

    static ProcessCredentials current() {
        return CURRENT;
    }

    boolean root() {
        return uid == 0;
    }

    private static ProcessCredentials read() {
        long uid = -1;
        long gid = -1;
        int umask = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = field(line, 4);
                } else if (line.startsWith("Gid:")) {
                    gid = field(line, 4);
                } else if (line.startsWith("Umask:")) {
                    umask = Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ProcessCredentials(-1, -1, -1);
        }
        return new ProcessCredentials(uid, gid, umask);
    }

    /** Field n (1-based after the key) of "Uid:\treal\teffective\tsaved\tfs". */
    private static long field(String line, int n) {
        return Long.parseLong(line.split("\\s+")[n]);
    }
}
