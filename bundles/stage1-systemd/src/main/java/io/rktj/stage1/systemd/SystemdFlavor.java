package io.rktj.stage1.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;


import io.rktj.api.HostTools;
import io.rktj.api.RktException;
import io.rktj.api.schema.Manifests;
import io.rktj.api.app.VolumeMount;
import io.rktj.api.app.VolumePlan;
import io.rktj.api.pod.AppExecutor;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.pod.Stage1Flavor;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.api.schema.Volume;
import io.rktj.sys.MountTable;
import io.rktj.sys.NativeException;
import io.rktj.sys.Posix;

/**
 * The systemd flavor, rkt's stage1-coreos/stage1-host: the pod is a systemd-nspawn --boot
 * container with the host's systemd as PID 1, and each app is an OCI runtime bundle run by runc
 * (the stage2 {@link AppExecutor} registered as {@code rkt.stage2=runc}) from the app's unit.
 * docs/systemd.md describes the design; run() ends by execve()ing rkt-stage1, which supervises
 * systemd-nspawn and keeps the pod's lock.
 */
@Component(service = Stage1Flavor.class, properties = "OSGI-INF/systemd-flavor.properties", property = {
        Stage1Flavor.FLAVOR_PROPERTY + "=" + SystemdFlavor.NAME,
        Stage1Flavor.INTERFACE_PROPERTY + ":Integer=" + PodLayout.STAGE1_INTERFACE_VERSION,
        Stage1Flavor.NETWORK_PROPERTY + "=" + Stage1Flavor.NETWORK_NAMESPACE})
public final class SystemdFlavor implements Stage1Flavor {
    static final String NAME = "systemd";
    /** Found in rkt's PATH (HostTools), with the Debian package named when missing. */
    static final String NSPAWN = "systemd-nspawn";

    /** The host's systemd, which the pod sees at the same path under the host's /usr. */
    static final String SYSTEMD = "/usr/lib/systemd/systemd";
    static final String NSENTER = "nsenter";
    /** Where systemd-nspawn keeps per-machine scratch files on the host; rkt-stage1 puts a tmpfs there in the pod's mount namespace. */
    static final String NSPAWN_RUN = "/run/systemd/nspawn";
    /**
     * The cgroup below the pod's root that rkt-stage1 init joins before it execs systemd
     * (--systemd-cgroup), which then manages only that subtree (docs/systemd.md).
     */
    static final String SYSTEMD_CGROUP = "stage1";

    /** Linux's first real-time signal as glibc numbers it; systemd halts on SIGRTMIN+3. */
    static final int SIGRTMIN = 34;


    private final String version;
    private final AppExecutor executor;

    @Activate
    public SystemdFlavor(Map<String, Object> properties,
            @Reference(target = "(" + AppExecutor.EXECUTOR_PROPERTY + "=runc)") AppExecutor executor) {
        this(String.valueOf(properties.get(VERSION_PROPERTY)), executor);
    }

    SystemdFlavor(String version, AppExecutor executor) {
        this.version = version;
        this.executor = executor;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int run(PodContext pod) {
        String nspawnBinary = requireTool(NSPAWN, "systemd-container");
        if (!Files.isExecutable(Path.of(SYSTEMD))) {
            throw new RktException("stage1 systemd: " + SYSTEMD + " not found (install the Debian package systemd)");
        }
        List<RuntimeApp> apps = pod.manifest().apps() == null ? List.of() : pod.manifest().apps();
        if (apps.isEmpty()) {
            throw new RktException("pod " + pod.uuid() + ": no apps");
        }
        PodLayout layout = realLayout(pod);
        RuntimeConfig rc = pod.runtimeConfig();
        // The core made the pod's network namespace (--net=none, default, the CNI networks) before
        // calling run; systemd-nspawn joins it. Without one the pod shares the host's network.
        Path netns = pod.network().netns();
        String hostname = rc == null || rc.hostname() == null ? "rkt-" + pod.uuid() : rc.hostname();
        boolean interactive = rc != null && rc.interactive();
        Stage1Tree tree = new Stage1Tree(layout.stage1Rootfs());
        // The skeleton and the pod's cgroups do not depend on the apps: another thread makes them
        // while this one writes the apps' configs and units (on two cores, ~2 ms less before the
        // pod starts). Every way out of this method waits for it first, so a failed run's clean-up
        // finds all it made.
        List<Path> cgroups = PodCgroups.forPod(PodCgroups.hierarchies(MountTable.read()), pod.uuid());
        CompletableFuture<List<String>> skeleton = CompletableFuture.supplyAsync(() -> {
            List<String> binds = tree.build(hostname, pod.uuid());
            writeLines(cgroupsRecord(layout), cgroups.stream().map(Path::toString).toList());
            PodCgroups.create(cgroups);
            return binds;
        });

        List<String> overlays = new ArrayList<>();
        Map<String, String> volumeBinds = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<String> creates = new ArrayList<>();
        List<AppUnit> units = new ArrayList<>();
        try {
            for (RuntimeApp ra : apps) {
                String app = ra.name();
                names.add(app);
                Path treeDir = pod.trees() == null ? null : pod.trees().get(app);
                if (treeDir == null) {
                    throw new RktException("app " + app + ": no rendered image tree");
                }
                executor.prepare(pod, app);
                Path rootfs = layout.appRootfs(app);
                Files.createDirectories(rootfs);
                Path lower = treeDir.resolve("rootfs").toRealPath();
                if (rc != null && rc.noOverlay()) {
                    copyTree(lower, rootfs);
                } else {
                    Path upper = layout.overlay(app).resolve("upper");
                    Path work = layout.overlay(app).resolve("work");
                    Files.createDirectories(upper);
                    Files.createDirectories(work);
                    // The merged root takes its mode and owner from the upper directory, not from the image.
                    Files.setPosixFilePermissions(upper, Files.getPosixFilePermissions(lower));
                    Files.setAttribute(upper, "unix:uid", Files.getAttribute(lower, "unix:uid"));
                    Files.setAttribute(upper, "unix:gid", Files.getAttribute(lower, "unix:gid"));
                    overlays.addAll(List.of("--overlay", lower.toString(), upper.toRealPath().toString(),
                            work.toRealPath().toString(), rootfs.toRealPath().toString()));
                }
                for (VolumeMount v : VolumePlan.of(ra, pod.images() == null ? null : pod.images().get(app),
                        pod.manifest().volumes())) {
                    volumeBinds.putIfAbsent(v.volume().name(), volumeBind(layout, app, v.volume()));
                }
                Optional<AppExecutor.SandboxSteps> steps = executor.sandboxSteps(pod, app);
                if (steps.isPresent()) {
                    // Created by rkt-stage1 init while systemd boots; the unit only starts it.
                    creates.addAll(List.of("--create", app, Units.createdFifo(app), steps.get().pidFile()));
                    addCommand(creates, steps.get().create());
                    addCommand(creates, steps.get().delete());
                }
                units.add(new AppUnit(app, steps.isPresent() ? steps.get().start() : executor.sandboxCommand(pod, app),
                        executor.sandboxEventHandlers(pod, app), steps.isPresent() ? steps.get().startFifo() : null,
                        steps.isPresent()));
            }
            // The last app's runner may have the pod ended at once (docs/systemd.md, step 5) only when
            // every line the pod prints comes from the keepers: an event handler's output, or an
            // interactive app's, goes through nspawn's console, which ending at once could cut short.
            boolean endAtOnce = !interactive && units.stream().allMatch(u -> u.created() && u.handlers().isEmpty());
            for (AppUnit u : units) {
                tree.write("etc/systemd/system/" + Units.unitName(u.app()), Units.app(u.app(), apps.size(), u.command(),
                        u.handlers(), interactive, u.created(), u.startFifo(), endAtOnce));
            }
            tree.write("etc/systemd/system/" + Units.TARGET, Units.target(names));
        } catch (IOException | RuntimeException e) {
            try {
                await(skeleton);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e instanceof IOException io ? RktException.wrap("pod " + pod.uuid(), io) : (RuntimeException) e;
        }
        List<String> readOnlyBinds = await(skeleton);

        // Not --boot, which only has nspawn look for the init program itself: the pod's PID 1 is
        // rkt-stage1 init, which execs the host's systemd (docs/systemd.md); the kill signal is
        // the one --boot implies, systemd's orderly halt.
        List<String> nspawn = new ArrayList<>(List.of(nspawnBinary, "--quiet", "--kill-signal=SIGRTMIN+3", "--keep-unit",
                "--register=" + (machinedRuns() ? "yes" : "no"), "--machine=rkt-" + pod.uuid(), "--uuid=" + pod.uuid(),
                "--directory=" + layout.stage1Rootfs(), "--hostname=" + hostname));
        for (String variable : Stage1Tree.SYSTEMD_ENVIRONMENT) {
            nspawn.add("--setenv=" + variable);
        }
        readOnlyBinds.forEach(b -> nspawn.add("--bind-ro=" + escapeBind(b) + ":" + escapeBind(b)));
        volumeBinds.forEach((name, bind) -> nspawn.add(bind));
        if (netns != null) {
            nspawn.add("--network-namespace-path=" + netns);
        }
        Set<String> capabilities = appCapabilities(layout, names);
        if (!capabilities.isEmpty()) {
            nspawn.add("--capability=" + String.join(",", capabilities));
        }
        nspawn.addAll(List.of(Stage1Tree.binaryInPod(), "init", "--systemd-cgroup", SYSTEMD_CGROUP));
        nspawn.addAll(creates);
        nspawn.addAll(List.of("--", SYSTEMD, "systemd.show_status=0", "systemd.log_target=null", "systemd.unit=" + Units.TARGET));

        Path binary = layout.stage1Rootfs().resolve(Stage1Tree.binaryInPod().substring(1));
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "pod", "--lock-fd", Integer.toString(pod.lockFd()),
                "--pid-file", layout.pid().toString(), "--tmpfs", NSPAWN_RUN,
                "--exit-file", layout.stage1Rootfs().resolve("rkt/pod-exit").toString()));
        if (interactive) {
            // rkt-stage1 chooses nspawn's console: interactive on a terminal, else read-only with stdin through the FIFO.
            argv.addAll(List.of("--interactive", layout.stage1Rootfs().resolve(Units.STDIN_FIFO.substring(1)).toString()));
        }
        cgroups.forEach(c -> argv.addAll(List.of("--cgroup", c.toString())));
        argv.addAll(overlays);
        argv.add("--");
        argv.addAll(nspawn);
        try {
            writeLines(layout.ppid(), List.of(Integer.toString(Posix.getpid())));
            System.out.flush();
            System.err.flush();
            if (pod.lockFd() >= 0) {
                Posix.inheritable(pod.lockFd());
            }
            Posix.execve(binary.toString(), argv, List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
        } catch (NativeException e) {
            throw RktException.wrap("stage1 systemd", e);
        }
        throw new IllegalStateException("execve returned");
    }

    /**
     * Every capability an app's bounding set has: the pod's own bounding set must hold them, or
     * runc cannot give them (systemd-nspawn's default set lacks CAP_NET_ADMIN, CAP_SYS_ADMIN's
     * relatives and others an app may retain).
     */
    private static Set<String> appCapabilities(PodLayout layout, List<String> apps) {
        Set<String> caps = new TreeSet<>();
        for (String app : apps) {
            Path config = layout.appRootfs(app).resolveSibling("config.json");
            try {
                Manifests.readTree(Files.readAllBytes(config)).at("/process/capabilities/bounding").forEach(c -> caps.add(c.asText()));
            } catch (IOException e) {
                throw RktException.wrap("app " + app + ": read " + config, e);
            }
        }
        return caps;
    }

    /**
     * The nspawn option that makes a volume visible in the pod at /rkt/volumes/NAME, where the
     * app's config.json mounts it from. A host volume must exist; an empty one is made in
     * sharedVolumes/NAME with its mode and owner.
     */
    private static String volumeBind(PodLayout layout, String app, Volume v) throws IOException {
        Path source;
        String options = "";
        if (v.isHost()) {
            if (v.source() == null || !Files.exists(Path.of(v.source()))) {
                throw new RktException("app " + app + ": volume " + v.name() + ": host path " + v.source() + " does not exist");
            }
            source = Path.of(v.source()).toRealPath();
            options = v.isRecursive() ? ":rbind" : ":norbind";
        } else if ("empty".equals(v.kind())) {
            Path dir = layout.sharedVolumes().resolve(v.name());
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir);
                String mode = v.mode() == null ? "0755" : v.mode();
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions(Integer.parseInt(mode, 8))));
                } catch (NumberFormatException e) {
                    throw new RktException("app " + app + ": volume " + v.name() + ": mode \"" + mode + "\" is not octal");
                }
                Files.setAttribute(dir, "unix:uid", v.uid() == null ? 0 : v.uid());
                Files.setAttribute(dir, "unix:gid", v.gid() == null ? 0 : v.gid());
            }
            source = dir.toRealPath();
        } else {
            throw new RktException("app " + app + ": volume " + v.name() + ": unknown kind \"" + v.kind() + "\"");
        }
        return "--bind=" + escapeBind(source.toString()) + ":/rkt/volumes/" + v.name() + options;
    }

    private static String permissions(int mode) {
        StringBuilder b = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            b.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return b.toString();
    }

    /** systemd-nspawn splits --bind at colons; a backslash escapes one. */
    static String escapeBind(String path) {
        return path.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Override
    public void stop(PodContext pod, boolean force) {
        PodLayout layout = pod.layout();
        if (!running(layout)) {
            return;
        }
        if (force) {
            PodCgroups.killAll(recordedCgroups(layout));
            readInt(layout.pid()).ifPresent(pid -> Posix.kill(pid, Posix.SIGKILL));
            return;
        }
        // SIGRTMIN+3 asks the pod's systemd to halt: every app's unit is stopped (SIGTERM to the
        // app through its runner and runc), then systemd exits and so does systemd-nspawn. Before
        // the pod's systemd is up, SIGTERM to systemd-nspawn does the same.
        Optional<Integer> init = findInit(layout, 1);
        if (init.isPresent()) {
            Posix.kill(init.get(), SIGRTMIN + 3);
            return;
        }
        Optional<Integer> pid = readInt(layout.pid());
        if (pid.isPresent()) {
            Posix.kill(pid.get(), Posix.SIGTERM);
        } else {
            readInt(layout.ppid()).ifPresent(ppid -> Posix.kill(ppid, Posix.SIGTERM));
        }
    }

    @Override
    public int enter(PodContext pod, String app, List<String> command) {
        List<RuntimeApp> apps = pod.manifest().apps() == null ? List.of() : pod.manifest().apps();
        String name;
        if (app == null) {
            if (apps.size() != 1) {
                throw new RktException("enter pod " + pod.uuid() + ": the pod has " + apps.size() + " apps, choose one with --app");
            }
            name = apps.get(0).name();
        } else {
            name = pod.manifest().app(app).map(RuntimeApp::name)
                    .orElseThrow(() -> new RktException("enter pod " + pod.uuid() + ": no app " + app));
        }
        if (!running(pod.layout())) {
            throw new RktException("enter pod " + pod.uuid() + ": the pod is not running");
        }
        String nsenter = requireTool(NSENTER, "util-linux");
        int init = podInit(pod);
        List<String> cmd = new ArrayList<>(List.of(nsenter, "--target", Integer.toString(init), "--mount", "--uts", "--ipc",
                "--net", "--pid", "--root", "--wd", "--"));
        // runc where the app's unit runs it: the executor's command names it (under the host's /usr, shared with the pod).
        cmd.addAll(List.of(executor.sandboxCommand(pod, name).get(0), "--root", "/run/runc", "exec"));
        if (System.console() != null) {
            cmd.add("--tty");
        }
        cmd.add(name);
        cmd.addAll(command == null || command.isEmpty() ? List.of("/bin/sh") : command);
        try {
            return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw RktException.wrap("enter pod " + pod.uuid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RktException("enter pod " + pod.uuid() + ": interrupted");
        }
    }

    /** "--create"'s words: the count, then the command. */
    private static void addCommand(List<String> argv, List<String> command) {
        argv.add(Integer.toString(command.size()));
        argv.addAll(command);
    }

    /** The host pid of the pod's systemd: the process in the init.scope of the pod's cgroup. */
    private static int podInit(PodContext pod) {
        return findInit(pod.layout(), 100)
                .orElseThrow(() -> new RktException("enter pod " + pod.uuid() + ": the pod's systemd is not up"));
    }

    private static Optional<Integer> findInit(PodLayout layout, int attempts) {
        for (int attempt = 0; attempt < attempts; attempt++) {
            for (Path cg : recordedCgroups(layout)) {
                // systemd-nspawn splits the named systemd (and unified) hierarchy into supervisor/ and payload/;
                // rkt-stage1 init puts systemd in stage1/ below (pods of earlier revisions: right in the pod's root).
                for (Path scope : List.of(cg.resolve("payload/" + SYSTEMD_CGROUP + "/init.scope"),
                        cg.resolve(SYSTEMD_CGROUP + "/init.scope"), cg.resolve("payload/init.scope"), cg.resolve("init.scope"))) {
                    // The scope also holds the keepers rkt-stage1 init started: systemd is PID 1 of the pod.
                    for (int pid : PodCgroups.pids(scope)) {
                        if (isPidOne(pid)) {
                            return Optional.of(pid);
                        }
                    }
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    /** Whether the host's process pid is PID 1 of its own PID namespace (the last NSpid field of its status). */
    static boolean isPidOne(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring(6).trim().split("\\s+");
                    return ids.length > 1 && ids[ids.length - 1].equals("1");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    @Override
    public void gc(PodContext pod) {
        Path dir = pod.layout().dir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> cgroups = recordedCgroups(pod.layout());
        PodCgroups.killAll(cgroups);
        PodCgroups.remove(cgroups);
        try {
            MountTable.unmountAll(dir.toRealPath());
        } catch (IOException | NativeException e) {
            throw RktException.wrap("gc pod " + pod.uuid(), e);
        }
    }

    /** What an app's unit is written from. */
    private record AppUnit(String app, List<String> command, Map<String, List<String>> handlers, String startFifo,
            boolean created) {
    }

    /** The result of WORK, once it has ended; its exception as thrown. */
    private static <T> T await(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    static Path cgroupsRecord(PodLayout layout) {
        return layout.dir().resolve("stage1").resolve("cgroups");
    }

    private static List<Path> recordedCgroups(PodLayout layout) {
        try {
            return Files.readAllLines(cgroupsRecord(layout), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).map(Path::of)
                    .filter(p -> p.startsWith("/sys/fs/cgroup") && p.getParent().getFileName().toString().equals(PodCgroups.PARENT))
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw RktException.wrap("read " + cgroupsRecord(layout), e);
        }
    }

    private static void writeLines(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw RktException.wrap("write " + file, e);
        }
    }

    private static String requireTool(String name, String debianPackage) {
        try {
            return HostTools.find(name, debianPackage).toString();
        } catch (RktException e) {
            throw new RktException("stage1 systemd: " + e.getMessage(), e);
        }
    }

    /** machined runs where the host booted with systemd and has a system bus; then the pod registers with it. */
    static boolean machinedRuns() {
        return Files.isDirectory(Path.of("/run/systemd/system")) && Files.exists(Path.of("/run/dbus/system_bus_socket"))
                && Files.isDirectory(Path.of("/run/systemd/machines"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try {
            Process p = new ProcessBuilder("cp", "-a", from + "/.", to.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new RktException("copy " + from + " to " + to + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RktException("copy " + from + ": interrupted");
        }
    }

    private static PodLayout realLayout(PodContext pod) {
        try {
            return new PodLayout(pod.layout().dir().toRealPath());
        } catch (IOException e) {
            throw RktException.wrap("pod " + pod.uuid(), e);
        }
    }

    /** A pod is running while someone (its supervisor, or systemd-nspawn) holds the exclusive lock. */
    private static boolean running(PodLayout layout) {
        int fd;
        try {
            fd = Posix.openDirectory(layout.dir());
        } catch (NativeException e) {
            if (e.errno() == Posix.ENOENT) {
                return false;
            }
            throw e;
        }
        try {
            return !Posix.flock(fd, Posix.LOCK_SH | Posix.LOCK_NB);
        } finally {
            Posix.close(fd);
        }
    }

    private static Optional<Integer> readInt(Path file) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            throw RktException.wrap("read " + file, e);
        }
    }
}
