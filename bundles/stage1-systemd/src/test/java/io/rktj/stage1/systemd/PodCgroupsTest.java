package io.rktj.stage1.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.sys.MountTable;

/**
 * The pod's cgroups on both kinds of host. The v1/hybrid path runs for real in the functional
 * tests; the unified (v2) path, which this machine cannot show, is exercised on a directory tree
 * laid out like a cgroup2 mount (files a kernel would provide are plain files here).
 */
class PodCgroupsTest {
    private static final UUID POD = UUID.fromString("0f0e0d0c-0b0a-0908-0706-050403020100");

    private static MountTable.Entry mount(String point, String type) {
        return new MountTable.Entry(1, 0, Path.of(point), type, "1 0 0:1 / " + point + " rw - " + type + " x rw");
    }

    @Test
    void hybridHostHasOneCgroupPerHierarchy() {
        List<Path> h = PodCgroups.hierarchies(List.of(mount("/", "ext4"), mount("/sys/fs/cgroup", "tmpfs"),
                mount("/sys/fs/cgroup/memory", "cgroup"), mount("/sys/fs/cgroup/systemd", "cgroup"),
                mount("/sys/fs/cgroup/unified", "cgroup2"), mount("/srv/cgroup", "cgroup")));
        assertEquals(List.of(Path.of("/sys/fs/cgroup/memory"), Path.of("/sys/fs/cgroup/systemd"), Path.of("/sys/fs/cgroup/unified")), h);
        assertEquals(Path.of("/sys/fs/cgroup/memory/rktj/pod-" + POD), PodCgroups.forPod(h, POD).get(0));
    }

    @Test
    void unifiedHostHasOneCgroupWithTheParentsControllersDelegated(@TempDir Path root) throws IOException {
        Path fs = root.resolve("sys/fs/cgroup");
        Files.createDirectories(fs);
        Files.writeString(fs.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(fs.resolve("cgroup.subtree_control"), "");
        List<Path> hierarchies = List.of(fs);
        Path pod = PodCgroups.forPod(hierarchies, POD).get(0);
        // a kernel offers the child what the root delegated; a plain directory needs the file written by hand
        Files.createDirectories(pod.getParent());
        Files.writeString(pod.getParent().resolve("cgroup.controllers"), "cpu memory pids\n");

        PodCgroups.create(List.of(pod));

        assertTrue(Files.isDirectory(pod));
        // each write of "+controller" replaces the file here; on a kernel they accumulate
        assertEquals("+pids", Files.readString(fs.resolve("cgroup.subtree_control")));
        assertEquals("+pids", Files.readString(pod.getParent().resolve("cgroup.subtree_control")));
        assertFalse(Files.exists(pod.resolve("cpuset.cpus")), "no v1 cpuset copying on v2");
    }

    @Test
    void podsAreRemovedDeepestFirstAndPidsFoundInEveryChild(@TempDir Path root) throws IOException {
        Path pod = root.resolve("rktj/pod-" + POD);
        Files.createDirectories(pod.resolve("payload/rkt/web"));
        Files.writeString(pod.resolve("payload/rkt/web/cgroup.procs"), "42\n43\n");
        Files.writeString(pod.resolve("cgroup.procs"), "7\n");

        assertEquals(List.of(7, 42, 43), PodCgroups.pids(pod).stream().sorted().toList());

        Files.delete(pod.resolve("payload/rkt/web/cgroup.procs"));
        Files.delete(pod.resolve("cgroup.procs"));
        PodCgroups.remove(List.of(pod));
        assertFalse(Files.exists(pod));
        assertTrue(Files.isDirectory(root.resolve("rktj")), "the shared parent stays for other pods");
    }
}
