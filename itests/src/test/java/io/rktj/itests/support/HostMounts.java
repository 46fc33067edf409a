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

    /**
     * The mount table without the mounts of other tests' workspaces (siblings of {@code own} under
     * the same parent): pods of other test runs on this machine (other agents, other worktrees)
     * mount there while a test runs; a leak of this test's pods would be under {@code own} or
     * elsewhere, and still shows. Network namespaces ({@code /run/netns/rkt-<uuid>}, and
     * {@code /run/netns} itself, which the first {@code ip netns add} on a host makes a mount and
     * leaves) are left out too: every pod with a network of its own has one while it runs,
     * whoever runs it; NetworkIT checks that this test's pods leave none behind.
     */
    public static String snapshotIgnoringOtherWorkspaces(Path own) {
        String root = own.toAbsolutePath().normalize().toString();
        String parent = own.toAbsolutePath().normalize().getParent().toString() + "/";
        StringBuilder out = new StringBuilder();
        snapshot().lines().forEach(l -> {
            String m = unescape(l.split(" ")[4]);
            boolean otherWorkspace = m.startsWith(parent) && !(m.equals(root) || m.startsWith(root + "/"));
            boolean netns = m.equals("/run/netns") || m.startsWith("/run/netns/");
            if (!otherWorkspace && !netns) {
                out.append(l).append('\n');
            }
        });
        return out.toString();
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
