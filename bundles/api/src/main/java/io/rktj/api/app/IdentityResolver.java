package io.rktj.api.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.rktj.api.RktException;

/**
 * Resolves an app's user and group as appc says: a name in the image's own /etc/passwd and
 * /etc/group first, then a number, then, for a value starting with "/", the owner of that file
 * in the rootfs. Supplementary groups are the /etc/group entries listing the user plus the
 * app's supplementaryGIDs.
 */
public final class IdentityResolver {
    private record PasswdEntry(String name, int uid, int gid) {
    }

    private record GroupEntry(String name, int gid, List<String> members) {
    }

    private final Path rootfs;
    private final List<PasswdEntry> passwd;
    private final List<GroupEntry> groups;

    public IdentityResolver(Path rootfs) {
        this.rootfs = rootfs;
        this.passwd = readPasswd(rootfs);
        this.groups = readGroups(rootfs);
    }

    public AppIdentity resolve(String user, String group, List<Integer> supplementaryGids) {
        PasswdEntry entry = userEntry(user);
        int uid = entry != null ? entry.uid() : id("user", user, "/etc/passwd", true);
        int gid;
        if (group == null || group.isEmpty()) {
            gid = entry != null ? entry.gid() : 0;
        } else {
            GroupEntry named = groupEntry(group);
            gid = named != null ? named.gid() : id("group", group, "/etc/group", false);
        }
        String userName = entry != null ? entry.name() : nameOfUid(uid);
        Set<Integer> extra = new LinkedHashSet<>();
        if (userName != null) {
            for (GroupEntry g : groups) {
                if (g.members().contains(userName)) {
                    extra.add(g.gid());
                }
            }
        }
        if (supplementaryGids != null) {
            extra.addAll(supplementaryGids);
        }
        return new AppIdentity(uid, gid, List.copyOf(extra));
    }

    private PasswdEntry userEntry(String user) {
        if (user == null || user.isEmpty()) {
            return null;
        }
        for (PasswdEntry p : passwd) {
            if (p.name().equals(user)) {
                return p;
            }
        }
        return null;
    }

    private GroupEntry groupEntry(String group) {
        for (GroupEntry g : groups) {
            if (g.name().equals(group)) {
                return g;
            }
        }
        return null;
    }

    /** The name of the first /etc/passwd entry with this uid, or null. */
    private String nameOfUid(int uid) {
        for (PasswdEntry p : passwd) {
            if (p.uid() == uid) {
                return p.name();
            }
        }
        return null;
    }

    /** A numeric id, or the owner of a file in the rootfs; empty means root. */
    private int id(String what, String value, String table, boolean owner) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        if (isDigits(value)) {
            try {
                return Integer.parseUnsignedInt(value);
            } catch (NumberFormatException e) {
                throw new RktException(what + " \"" + value + "\": out of range");
            }
        }
        if (value.startsWith("/")) {
            Path file = RootfsPath.resolve(rootfs, value);
            try {
                return (Integer) Files.getAttribute(file, owner ? "unix:uid" : "unix:gid", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new RktException(what + " \"" + value + "\": no such file in the image");
            }
        }
        throw new RktException(what + " \"" + value + "\": not in the image's " + table + " and not a number");
    }

    private static boolean isDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<PasswdEntry> readPasswd(Path rootfs) {
        List<PasswdEntry> out = new ArrayList<>();
        for (String[] f : table(rootfs, "/etc/passwd")) {
            if (f.length >= 4) {
                Optional<Integer> uid = parse(f[2]);
                Optional<Integer> gid = parse(f[3]);
                if (uid.isPresent() && gid.isPresent()) {
                    out.add(new PasswdEntry(f[0], uid.get(), gid.get()));
                }
            }
        }
        return out;
    }

    private static List<GroupEntry> readGroups(Path rootfs) {
        List<GroupEntry> out = new ArrayList<>();
        for (String[] f : table(rootfs, "/etc/group")) {
            if (f.length >= 3) {
                List<String> members = f.length >= 4 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
                Optional<Integer> gid = parse(f[2]);
                if (gid.isPresent()) {
                    out.add(new GroupEntry(f[0], gid.get(), members));
                }
            }
        }
        return out;
    }

    /** The colon-separated lines of a file of the image; none when the image has no such file. */
    private static List<String[]> table(Path rootfs, String path) {
        Path file = RootfsPath.resolve(rootfs, path);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try {
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.trim().split(":", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw RktException.wrap("read " + path + " of the image", e);
        }
    }

    private static Optional<Integer> parse(String number) {
        try {
            return Optional.of(Integer.parseUnsignedInt(number));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
