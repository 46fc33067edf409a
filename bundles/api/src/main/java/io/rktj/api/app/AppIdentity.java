package io.rktj.api.app;

import java.util.List;

/** The credentials an app runs with: uid, gid and supplementary groups. */
public record AppIdentity(int uid, int gid, List<Integer> groups) {
    public static final AppIdentity ROOT = new AppIdentity(0, 0, List.of());
}
