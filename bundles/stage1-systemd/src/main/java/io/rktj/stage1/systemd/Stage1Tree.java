package io.rktj.stage1.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.rktj.api.BundledBinary;
import io.rktj.api.RktException;

/**
 * The pod's stage1 root filesystem, {@code stage1/rootfs}, made from the host's own systemd: the
 * host's /usr is bound read-only over its empty {@code usr/} by systemd-nspawn (so systemd 252,
 * systemctl, mount and runc are the host's, nothing downloaded), the top-level directories a
 * merged-/usr host links into /usr are links here too, and {@code etc/} holds only what the
 * pod's systemd needs: os-release, the machine-id (the pod's UUID, as rkt wrote it), the hostname
 * and the pod's units.
 */
final class Stage1Tree {
    static final String BINARY_NAME = "rkt-stage1";
    /** What a merged-/usr host links into /usr; on another host they are bound read-only instead. */
    static final List<String> USR_LINKS = List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32");

    private final Path root;

    Stage1Tree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The in-pod path of the supervisor binary (also its host path below root). */
    static String binaryInPod() {
        return "/rkt/bin/" + BINARY_NAME;
    }

    /**
     * Creates the skeleton and returns the host directories systemd-nspawn must bind read-only
     * (always /usr; /bin and the like on a host without merged /usr).
     */
    List<String> build(String hostname, UUID pod) {
        List<String> binds = new ArrayList<>(List.of("/usr"));
        try {
            for (String d : List.of("usr", "etc/systemd/system", "proc", "sys", "dev", "run", "tmp", "var", "rkt/bin",
                    "rkt/status", "rkt/volumes", "opt/stage2")) {
                Files.createDirectories(root.resolve(d));
            }
            for (String name : USR_LINKS) {
                Path host = Path.of("/", name);
                Path mine = root.resolve(name);
                if (Files.isSymbolicLink(host)) {
                    if (!Files.exists(mine, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(mine, Files.readSymbolicLink(host));
                    }
                } else if (Files.isDirectory(host)) {
                    Files.createDirectories(mine);
                    binds.add(host.toString());
                }
            }
            Path osRelease = Files.exists(Path.of("/etc/os-release")) ? Path.of("/etc/os-release") : Path.of("/usr/lib/os-release");
            if (!Files.exists(osRelease)) {
                throw new RktException("stage1 systemd: the host has no /etc/os-release or /usr/lib/os-release, which systemd-nspawn --boot requires");
            }
            Files.copy(osRelease, root.resolve("etc/os-release"), StandardCopyOption.REPLACE_EXISTING);
            write("etc/machine-id", machineId(pod) + "\n");
            write("etc/systemd/system.conf.d/rkt.conf", SYSTEM_CONF);
            write("etc/hostname", hostname + "\n");
            maskGenerators();
            installBinary();
        } catch (IOException e) {
            throw RktException.wrap("stage1 systemd: " + root, e);
        }
        return binds;
    }

    /**
     * The pod's machine ID, as rkt wrote it: its UUID without dashes. systemd-nspawn gets the same
     * (--uuid). With it in place the pod's systemd starts with an ID of its own; with an empty
     * file it made one up and wrote it back at every boot, an fsync(2) on the pod directory's
     * file system before it loads a unit (~4 ms blocked here).
     */
    static String machineId(UUID pod) {
        return pod.toString().replace("-", "");
    }

    /**
     * The pod's systemd accounts for nothing in cgroup controllers: runc keeps each app's limits
     * in the app's own cgroup. Accounting would also have systemd move every process of the pod
     * into its own cgroups of those controllers when it starts, apps created before it included.
     */
    static final String SYSTEM_CONF = "[Manager]\nDefaultTasksAccounting=no\nDefaultMemoryAccounting=no\n"
            + "DefaultCPUAccounting=no\nDefaultIOAccounting=no\nDefaultBlockIOAccounting=no\nDefaultIPAccounting=no\n";

    /** Where systemd looks for generators; the host's /usr (and /lib) is the pod's. */
    static final List<String> GENERATOR_DIRS = List.of("/usr/lib/systemd/system-generators",
            "/lib/systemd/system-generators", "/usr/local/lib/systemd/system-generators",
            "/usr/lib/systemd/system-environment-generators", "/lib/systemd/system-environment-generators");

    /**
     * Masks every generator of the host (a same-named link to /dev/null under /etc): the pod's
     * systemd needs none of them (no fstab, getty, sysv scripts, encrypted disks), and running
     * a dozen of them was a large part of each pod's boot.
     */
    void maskGenerators() throws IOException {
        for (String dir : GENERATOR_DIRS) {
            Path host = Path.of(dir);
            if (!Files.isDirectory(host)) {
                continue;
            }
            Path masks = root.resolve("etc/systemd").resolve(host.getFileName());
            Files.createDirectories(masks);
            try (var generators = Files.list(host)) {
                for (Path generator : (Iterable<Path>) generators::iterator) {
                    Path mask = masks.resolve(generator.getFileName().toString());
                    if (!Files.exists(mask, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(mask, Path.of("/dev/null"));
                    }
                }
            }
        }
    }

    void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The pod's copy of rkt-stage1, as each rkt pod had its own stage1: a later bundle revision does not change a running pod. */
    Path installBinary() throws IOException {
        Path target = root.resolve(binaryInPod().substring(1));
        Content.BINARY.install(target, "stage1 systemd");
        return target;
    }

    /** The binary, read (and inflated) from this bundle once per process: a daemon serving many runs inflated its ~0.8 MB for every pod. */
    static final class Content {
        static final BundledBinary BINARY = new BundledBinary(Stage1Tree.class, BINARY_NAME);

        private Content() {
        }
    }
}
