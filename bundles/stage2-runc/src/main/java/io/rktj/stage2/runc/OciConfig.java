package io.rktj.stage2.runc;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.app.AppIdentity;
import io.rktj.api.app.VolumeMount;

/**
 * Maps one app, with the appc executor semantics already resolved, to an OCI runtime spec
 * 1.0.2 config.json (the version Debian's runc 1.1.5 speaks).
 *
 * <p>The app shares the pod's network, IPC, UTS and PID namespaces (the pod's sandbox is where
 * runc runs, so leaving them out of {@code linux.namespaces} means "the pod's"); it gets its own
 * mount namespace with its rootfs as root (runc pivot_roots into it). Its cgroup is
 * {@code /rkt/<app>} below the pod's cgroup namespace root, which is the pod's cgroup.
 */
final class OciConfig {
    static final String OCI_VERSION = "1.0.2";
    /** rkt's default capability bounding set, 14 capabilities. */
    static final List<String> DEFAULT_CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE",
            "CAP_FSETID", "CAP_FOWNER", "CAP_KILL", "CAP_MKNOD", "CAP_NET_RAW", "CAP_NET_BIND_SERVICE", "CAP_SETUID",
            "CAP_SETGID", "CAP_SETPCAP", "CAP_SETFCAP", "CAP_SYS_CHROOT");
    /** Where a flavor makes each pod volume visible inside its sandbox (the mount's source). */
    static final String SANDBOX_VOLUMES = "/rkt/volumes/";

    // nodes only: building an ObjectMapper costs every rkt process that loads this class
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Everything the mapping needs about one app. */
    record AppSpec(String name, List<String> args, String cwd, AppIdentity identity, Map<String, String> env,
            boolean readOnlyRootfs, List<VolumeMount> volumes, List<String> capabilities, List<FileMount> files) {
        AppSpec withArgs(List<String> newArgs) {
            return new AppSpec(name, newArgs, cwd, identity, env, readOnlyRootfs, volumes, capabilities, files);
        }
    }

    /** A file of the bundle (hosts, resolv.conf) bound at a path in the app, as the sandbox sees it. */
    record FileMount(String source, String destination) {
    }

    private OciConfig() {
    }

    static ObjectNode of(AppSpec app) {
        ObjectNode c = JSON.objectNode();
        c.put("ociVersion", OCI_VERSION);
        c.set("process", process(app));
        ObjectNode root = c.putObject("root");
        root.put("path", "rootfs");
        root.put("readonly", app.readOnlyRootfs());
        c.set("mounts", mounts(app));
        c.set("linux", linux(app));
        return c;
    }

    private static ObjectNode process(AppSpec app) {
        ObjectNode p = JSON.objectNode();
        p.put("terminal", false);
        ObjectNode user = p.putObject("user");
        user.put("uid", app.identity().uid());
        user.put("gid", app.identity().gid());
        if (!app.identity().groups().isEmpty()) {
            ArrayNode gids = user.putArray("additionalGids");
            app.identity().groups().forEach(gids::add);
        }
        ArrayNode args = p.putArray("args");
        app.args().forEach(args::add);
        ArrayNode env = p.putArray("env");
        app.env().forEach((k, v) -> env.add(k + "=" + v));
        p.put("cwd", app.cwd());
        ObjectNode caps = p.putObject("capabilities");
        boolean root = app.identity().uid() == 0;
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            ArrayNode list = caps.putArray(set);
            // A non-root app keeps the bounding set (what setuid binaries may gain) but holds nothing.
            if (set.equals("bounding") || (root && !set.equals("ambient"))) {
                app.capabilities().forEach(list::add);
            }
        }
        p.put("noNewPrivileges", false);
        return p;
    }

    private static ArrayNode mounts(AppSpec app) {
        ArrayNode m = JSON.arrayNode();
        mount(m, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        mount(m, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        mount(m, "/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"));
        mount(m, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        mount(m, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        mount(m, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        mount(m, "/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"));
        boolean tmpVolume = app.volumes().stream().anyMatch(v -> normalize(v.path()).equals("/tmp"));
        if (!tmpVolume) {
            mount(m, "/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777"));
        }
        for (FileMount f : app.files()) {
            mount(m, f.destination(), "bind", f.source(), List.of("bind", "rw"));
        }
        for (VolumeMount v : app.volumes()) {
            boolean recursive = !v.volume().isHost() || v.volume().isRecursive();
            List<String> options = new java.util.ArrayList<>(List.of(recursive ? "rbind" : "bind"));
            options.add(v.readOnly() ? "ro" : "rw");
            mount(m, v.path(), "bind", SANDBOX_VOLUMES + v.volume().name(), options);
        }
        return m;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, List<String> options) {
        ObjectNode m = mounts.addObject();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        ArrayNode o = m.putArray("options");
        options.forEach(o::add);
    }

    private static ObjectNode linux(AppSpec app) {
        ObjectNode l = JSON.objectNode();
        ObjectNode resources = l.putObject("resources");
        ObjectNode denyAll = resources.putArray("devices").addObject();
        denyAll.put("allow", false);
        denyAll.put("access", "rwm");
        l.put("cgroupsPath", "/rkt/" + app.name());
        l.putArray("namespaces").addObject().put("type", "mount");
        ArrayNode masked = l.putArray("maskedPaths");
        List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi").forEach(masked::add);
        ArrayNode ro = l.putArray("readonlyPaths");
        List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger").forEach(ro::add);
        return l;
    }

    private static String normalize(String path) {
        String p = path.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
