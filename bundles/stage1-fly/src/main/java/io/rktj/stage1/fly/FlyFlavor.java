package io.rktj.stage1.fly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.rktj.api.app.AppEnvironment;
import io.rktj.api.app.AppIdentity;
import io.rktj.api.app.ExecLookup;
import io.rktj.api.app.IdentityResolver;
import io.rktj.api.app.RootfsPath;
import io.rktj.api.app.VolumeMount;
import io.rktj.api.app.VolumePlan;
import io.rktj.api.RktException;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.Stage1Flavor;
import io.rktj.api.schema.App;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.sys.MountTable;
import io.rktj.sys.NativeException;
import io.rktj.sys.Posix;

/**
 * The fly flavor, rkt's stage1-fly: one app, the host's namespaces, a chroot into the app's
 * rootfs. run() mounts the pod in this process and then execve()s the fly-init supervisor,
 * which keeps the pod's lock, runs the app, and records its exit code.
 *
 * <p>rkt.stage1.version is read from OSGI-INF/fly-flavor.properties, which bnd writes with the
 * bundle's version (see bnd.bnd): an annotation cannot hold a build-time value. For a SNAPSHOT
 * build it is the version before bnd puts the build time in the qualifier (0.1.0.SNAPSHOT).
 */
@Component(service = Stage1Flavor.class, properties = "OSGI-INF/fly-flavor.properties", property = {
        Stage1Flavor.FLAVOR_PROPERTY + "=" + FlyFlavor.NAME,
        Stage1Flavor.INTERFACE_PROPERTY + ":Integer=" + PodLayout.STAGE1_INTERFACE_VERSION})
public final class FlyFlavor implements Stage1Flavor {
    static final String NAME = "fly";
    private static final int PID_WAIT_ATTEMPTS = 50;
    private static final long PID_WAIT_MS = 20;

    private final String version;

    /** The version comes from the service properties, so that version() and the property always agree. */
    @Activate
    public FlyFlavor(Map<String, Object> properties) {
        this(String.valueOf(properties.get(VERSION_PROPERTY)));
    }

    FlyFlavor(String version) {
        this.version = version;
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
        RuntimeApp ra = onlyApp(pod);
        String app = ra.name();
        PodLayout layout = realLayout(pod);
        ImageManifest image = pod.images() == null ? null : pod.images().get(app);
        App def = ra.app() != null ? ra.app() : image == null ? null : image.app();
        if (def == null || def.exec() == null || def.exec().isEmpty()) {
            throw new RktException("app " + app + ": the image has an empty exec (try --exec=BINARY)");
        }
        Path tree = pod.trees() == null ? null : pod.trees().get(app);
        if (tree == null) {
            throw new RktException("app " + app + ": no rendered image tree");
        }
        List<VolumeMount> volumes = VolumePlan.of(ra, image, pod.manifest().volumes());
        boolean noOverlay = pod.runtimeConfig() != null && pod.runtimeConfig().noOverlay();
        Path rootfs = new PodMounts(layout, app).setUp(tree, noOverlay, Boolean.TRUE.equals(ra.readOnlyRootFS()), volumes);

        Map<String, String> env = AppEnvironment.of(app, def, pod.runtimeConfig());
        String cwd = workingDirectory(rootfs, app, def);
        AppIdentity identity = identity(rootfs, app, def);
        String exec = ExecLookup.find(rootfs, app, def.exec().get(0), cwd, env.get("PATH"));
        Path status = layout.exitStatus(app);
        FlyInitCommand command = new FlyInitCommand("run", rootfs, cwd, identity, exec, def.exec(), pod.lockFd(),
                layout.pid(), status);
        Path binary = FlyInitBinary.install(layout);
        try {
            Files.createDirectories(status.getParent());
            AtomicFile.write(layout.ppid(), Integer.toString(Posix.getpid()));
        } catch (IOException e) {
            throw RktException.wrap("pod " + pod.uuid(), e);
        }
        System.out.flush();
        System.err.flush();
        try {
            if (pod.lockFd() >= 0) {
                Posix.inheritable(pod.lockFd());
            }
            Posix.execve(binary.toString(), command.argv(binary), AppEnvironment.envp(env));
        } catch (NativeException e) {
            throw RktException.wrap("stage1 fly", e);
        }
        throw new IllegalStateException("execve returned");
    }

    @Override
    public void stop(PodContext pod, boolean force) {
        PodLayout layout = pod.layout();
        if (!running(layout)) {
            return;
        }
        int signal = force ? Posix.SIGKILL : Posix.SIGTERM;
        Optional<Integer> pid = waitForPid(layout);
        if (pid.isEmpty()) {
            // The supervisor has not forked the app yet: stopping it stops the pod.
            Optional<Integer> ppid = readInt(layout.ppid());
            if (ppid.isPresent()) {
                Posix.kill(ppid.get(), signal);
            }
            return;
        }
        Path appRootfs = realLayout(pod).appRootfs(onlyApp(pod).name());
        try {
            Path root = Files.readSymbolicLink(Path.of("/proc", pid.get().toString(), "root"));
            if (!root.startsWith(appRootfs)) {
                throw new RktException("stop pod " + pod.uuid() + ": process " + pid.get() + " is not the pod's app");
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw RktException.wrap("stop pod " + pod.uuid(), e);
        }
        Posix.kill(pid.get(), signal);
    }

    @Override
    public int enter(PodContext pod, String app, List<String> command) {
        RuntimeApp ra;
        if (app == null) {
            ra = onlyApp(pod);
        } else {
            Optional<RuntimeApp> named = pod.manifest().app(app);
            if (named.isEmpty()) {
                throw new RktException("enter pod " + pod.uuid() + ": no app " + app);
            }
            ra = named.get();
        }
        if (!running(pod.layout())) {
            throw new RktException("enter pod " + pod.uuid() + ": the pod is not running");
        }
        PodLayout layout = realLayout(pod);
        Path rootfs = layout.appRootfs(ra.name());
        Path binary = FlyInitBinary.in(layout);
        if (!Files.isExecutable(binary)) {
            throw new RktException("enter pod " + pod.uuid() + ": " + binary + " is missing");
        }
        ImageManifest image = pod.images() == null ? null : pod.images().get(ra.name());
        App def = ra.app() != null ? ra.app() : image == null ? null : image.app();
        Map<String, String> env = AppEnvironment.of(ra.name(), def, pod.runtimeConfig());
        List<String> args = command == null || command.isEmpty() ? List.of("/bin/sh") : command;
        String exec = ExecLookup.find(rootfs, ra.name(), args.get(0), "/", env.get("PATH"));
        FlyInitCommand enter = new FlyInitCommand("enter", rootfs, "/", AppIdentity.ROOT, exec, args, -1, null, null);
        ProcessBuilder pb = new ProcessBuilder(enter.argv(binary)).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            return pb.start().waitFor();
        } catch (IOException e) {
            throw RktException.wrap("enter pod " + pod.uuid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RktException("enter pod " + pod.uuid() + ": interrupted");
        }
    }

    @Override
    public void gc(PodContext pod) {
        Path dir = pod.layout().dir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            MountTable.unmountAll(dir.toRealPath());
        } catch (IOException | NativeException e) {
            throw RktException.wrap("gc pod " + pod.uuid(), e);
        }
    }

    private static RuntimeApp onlyApp(PodContext pod) {
        List<RuntimeApp> apps = pod.manifest().apps();
        if (apps == null || apps.size() != 1) {
            throw new RktException("pod " + pod.uuid() + ": flavor fly runs exactly one app, the pod has "
                    + (apps == null ? 0 : apps.size()));
        }
        return apps.get(0);
    }

    /** The layout under the pod directory's real path, which is how mountinfo and /proc name it. */
    private static PodLayout realLayout(PodContext pod) {
        try {
            return new PodLayout(pod.layout().dir().toRealPath());
        } catch (IOException e) {
            throw RktException.wrap("pod " + pod.uuid(), e);
        }
    }

    private static String workingDirectory(Path rootfs, String app, App def) {
        String cwd = def.workingDirectory() == null || def.workingDirectory().isEmpty() ? "/" : def.workingDirectory();
        if (!Files.isDirectory(RootfsPath.resolve(rootfs, cwd))) {
            throw new RktException("app " + app + ": working directory " + cwd + " does not exist in its rootfs");
        }
        return cwd;
    }

    private static AppIdentity identity(Path rootfs, String app, App def) {
        try {
            return new IdentityResolver(rootfs).resolve(def.user(), def.group(), def.supplementaryGIDs());
        } catch (RktException e) {
            throw new RktException("app " + app + ": " + e.getMessage(), e);
        }
    }

    /** A pod is running while someone (its supervisor, or its app) holds the exclusive lock. */
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
            boolean free = Posix.flock(fd, Posix.LOCK_SH | Posix.LOCK_NB);
            return !free;
        } finally {
            Posix.close(fd);
        }
    }

    /** The app's pid; fly-init writes it right after the fork, so a pod that just started may not have it yet. */
    private static Optional<Integer> waitForPid(PodLayout layout) {
        for (int i = 0; i < PID_WAIT_ATTEMPTS; i++) {
            Optional<Integer> pid = readInt(layout.pid());
            if (pid.isPresent()) {
                return pid;
            }
            try {
                Thread.sleep(PID_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
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
