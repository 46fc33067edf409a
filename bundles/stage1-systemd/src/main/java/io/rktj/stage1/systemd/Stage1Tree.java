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
            for (String d : List.of("usr", UNIT_DIR.substring(1), "proc", "sys", "dev", "run", "tmp", "var", "rkt/bin",
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
            linkHostUnits();
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

    /**
     * Where the pod's systemd looks for unit files: only the pod's own directory. Left to its
     * defaults it lists and indexes the host's whole /usr/lib/systemd/system (256 unit files on
     * Debian 12) at every boot; a raw nspawn boot of the bench's tree took ~60 ms less with its
     * search path cut down to the same few units (docs/systemd.md).
     */
    static final String UNIT_DIR = "/etc/systemd/system";

    /**
     * The environment rkt-stage1 init's systemd starts with (systemd-nspawn --setenv): the unit
     * search path above, and no generators at all (an empty list: the host's generators were
     * masked one by one before, and systemd still forked twice at every boot to find nothing to
     * run). The pod's systemd gives its own environment to no unit.
     */
    static final List<String> SYSTEMD_ENVIRONMENT = List.of("SYSTEMD_UNIT_PATH=" + UNIT_DIR,
            "SYSTEMD_GENERATOR_PATH=", "SYSTEMD_ENVIRONMENT_GENERATOR_PATH=");

    /**
     * The host's units the pod's systemd may need besides its own: those of its ends. rkt stop
     * sends SIGRTMIN+3 (halt.target), a failing app's runner SIGRTMIN+4 (poweroff.target); the
     * others are there for a signal sent by hand (exit, reboot). SIGRTMIN+14, the runners' end
     * when every app succeeded, needs none.
     */
    static final List<String> HOST_UNITS = List.of("shutdown.target", "umount.target", "final.target",
            "halt.target", "systemd-halt.service", "poweroff.target", "systemd-poweroff.service",
            "exit.target", "systemd-exit.service", "reboot.target", "systemd-reboot.service");

    /** Where the host keeps its units, which are the pod's too (the host's /usr, and /lib on a host without merged /usr). */
    static final List<String> HOST_UNIT_DIRS = List.of("/usr/lib/systemd/system", "/lib/systemd/system");

    /** Links each of HOST_UNITS the host has into the pod's unit directory, at the path it has in the pod too. */
    void linkHostUnits() throws IOException {
        Path units = root.resolve(UNIT_DIR.substring(1));
        Files.createDirectories(units);
        for (String name : HOST_UNITS) {
            for (String dir : HOST_UNIT_DIRS) {
                Path host = Path.of(dir, name);
                if (Files.isRegularFile(host)) {
                    Path link = units.resolve(name);
                    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, host);
                    }
                    break;
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
