package io.rktj.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The host's mount table as this process sees it. */
public final class HostMounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private HostMounts() {
    }

    /** The whole of /proc/self/mountinfo, to compare before and after. */
    public static String snapshot() {
        try {
            return Files.readString(MOUNTINFO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines only in {@code before} and only in {@code after}, for a readable failure. */
    public static String difference(String before, String after) {
        List<String> b = before.lines().toList();
        List<String> a = after.lines().toList();
        return "gone: " + b.stream().filter(l -> !a.contains(l)).toList()
                + "\nnew: " + a.stream().filter(l -> !b.contains(l)).toList();
    }

    /** Mount points at or below {@code dir}. */
    public static List<String> under(Path dir) {
        String prefix = dir.toAbsolutePath().normalize().toString();
        return snapshot().lines()
                .map(l -> unescape(l.split(" ")[4]))
                .filter(m -> m.equals(prefix) || m.startsWith(prefix + "/"))
                .toList();
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
