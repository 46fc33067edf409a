package io.rktj.stage1.fly;

import java.util.List;

/** The credentials an app runs with: uid, gid and supplementary groups. */
record AppIdentity(int uid, int gid, List<Integer> groups) {
    static final AppIdentity ROOT = new AppIdentity(0, 0, List.of());
}
