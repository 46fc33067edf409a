package io.rktj.stage1.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.rktj.api.RktException;
import io.rktj.sys.MountTable;
import io.rktj.sys.Posix;

/**
 * The pod's own cgroup, {@code rktj/pod-<uuid>} in every cgroup hierarchy of the host: each v1
 * controller and the named systemd hierarchy on a legacy or hybrid host, the one unified tree on
 * a v2 host. systemd-nspawn joins it before it starts the pod, and the pod's cgroup namespace
 * is rooted there, so inside the pod this cgroup is "/" and runc creates the apps' cgroups below
 * it (see docs/systemd.md for why the pod's view of it is made writable).
 *
 * <p>The directories are recorded in the pod directory ({@code stage1/cgroups}) before they are
 * made, so gc removes exactly these, also after an interrupted run.
 */
final class PodCgroups {
    static final String PARENT = "rktj";

    private PodCgroups() {
    }

    /** The hierarchies' mount points: cgroup and cgroup2 mounts under the root of the cgroup fs. */
    static List<Path> hierarchies(List<MountTable.Entry> mounts) {
        List<Path> out = new ArrayList<>();
        for (MountTable.Entry e : mounts) {
            String type = e.fsType();
            if ((type.equals("cgroup") || type.equals("cgroup2")) && e.mountPoint().startsWith("/sys/fs/cgroup")) {
                out.add(e.mountPoint());
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    /** The pod's cgroup in each hierarchy. */
    static List<Path> forPod(List<Path> hierarchies, UUID uuid) {
        return hierarchies.stream().map(h -> h.resolve(PARENT).resolve("pod-" + uuid)).toList();
    }

    /** Makes the pod's cgroups; a v1 cpuset cgroup gets its parent's cpus and mems, v2 the parent's controllers. */
    static void create(List<Path> cgroups) {
        for (Path cg : cgroups) {
            try {
                Path hierarchy = cg.getParent().getParent();
                boolean unified = Files.exists(hierarchy.resolve("cgroup.controllers"));
                if (unified) {
                    enableControllers(hierarchy);
                }
                Files.createDirectories(cg);
                if (unified) {
                    enableControllers(cg.getParent());
                }
                if (Files.exists(cg.resolve("cpuset.cpus")) && !unified) {
                    for (Path dir : List.of(cg.getParent(), cg)) {
                        copyIfEmpty(dir.getParent(), dir, "cpuset.cpus");
                        copyIfEmpty(dir.getParent(), dir, "cpuset.mems");
                    }
                }
            } catch (IOException e) {
                throw RktException.wrap("stage1 systemd: cgroup " + cg, e);
            }
        }
    }

    /**
     * On the unified hierarchy a cgroup hands controllers to its children through
     * cgroup.subtree_control; the pod's parent enables what its own parent offers.
     */
    static void enableControllers(Path cgroup) throws IOException {
        Path offered = cgroup.resolve("cgroup.controllers");
        if (!Files.exists(offered)) {
            return;
        }
        String controllers = Files.readString(offered).trim();
        if (controllers.isEmpty()) {
            return;
        }
        for (String c : controllers.split("\\s+")) {
            try {
                Files.writeString(cgroup.resolve("cgroup.subtree_control"), "+" + c);
            } catch (IOException e) {
                // A controller the kernel will not delegate here (e.g. cpuset with processes in the root) stays off.
            }
        }
    }

    private static void copyIfEmpty(Path from, Path to, String file) throws IOException {
        if (Files.readString(to.resolve(file)).isBlank()) {
            Files.writeString(to.resolve(file), Files.readString(from.resolve(file)).trim());
        }
    }

    /** The pids in a cgroup and every cgroup below it. */
    static List<Integer> pids(Path cgroup) {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(cgroup)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(cgroup)) {
            for (Path procs : walk.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                try {
                    for (String line : Files.readAllLines(procs, StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) {
                            out.add(Integer.parseInt(line.trim()));
                        }
                    }
                } catch (NoSuchFileException e) {
                    // removed while we looked
                }
            }
        } catch (IOException e) {
            throw RktException.wrap("stage1 systemd: read " + cgroup, e);
        }
        return out;
    }

    /** SIGKILLs every process in the cgroups until they are empty (or a few seconds have passed). */
    static void killAll(List<Path> cgroups) {
        for (int round = 0; round < 100; round++) {
            boolean any = false;
            for (Path cg : cgroups) {
                for (int pid : pids(cg)) {
                    any = true;
                    Posix.kill(pid, Posix.SIGKILL);
                }
            }
            if (!any) {
                return;
            }
            sleep(30);
        }
    }

    /** Removes the cgroups, deepest first; an emptied cgroup may take a moment to be removable. */
    static void remove(List<Path> cgroups) {
        for (Path cg : cgroups) {
            if (!Files.isDirectory(cg)) {
                continue;
            }
            List<Path> dirs;
            try (Stream<Path> walk = Files.walk(cg)) {
                dirs = walk.filter(Files::isDirectory).sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
            } catch (IOException e) {
                throw RktException.wrap("stage1 systemd: gc cgroup " + cg, e);
            }
            for (Path d : dirs) {
                IOException last = null;
                for (int attempt = 0; attempt < 50; attempt++) {
                    try {
                        Files.deleteIfExists(d);
                        last = null;
                        break;
                    } catch (IOException e) {
                        last = e;
                        sleep(20);
                    }
                }
                if (last != null) {
                    throw RktException.wrap("stage1 systemd: remove cgroup " + d, last);
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
