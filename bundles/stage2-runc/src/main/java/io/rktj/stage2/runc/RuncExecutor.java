package io.rktj.stage2.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.RktException;
import io.rktj.api.schema.Manifests;
import io.rktj.api.app.AppEnvironment;
import io.rktj.api.app.AppIdentity;
import io.rktj.api.app.ExecLookup;
import io.rktj.api.app.IdentityResolver;
import io.rktj.api.app.RootfsPath;
import io.rktj.api.app.VolumeMount;
import io.rktj.api.app.VolumePlan;
import io.rktj.api.pod.AppExecutor;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.schema.App;
import io.rktj.api.schema.EventHandler;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Isolator;
import io.rktj.api.schema.RuntimeApp;

/**
 * The runc app executor: each app is an OCI runtime bundle in the pod directory,
 * {@code stage1/rootfs/opt/stage2/<app>/} with {@code config.json} beside the app's
 * {@code rootfs}, run by runc. The appc executor semantics (identity, environment, working
 * directory, exec lookup, volumes) are resolved here, against the app's rendered image, and
 * written into config.json, so the pod needs nothing but runc to start the app.
 *
 * <p>Inside a sandbox (systemd flavor) the app is started with {@link #sandboxCommand}; runc's
 * state lives in the sandbox's /run/runc. {@link #run}, {@link #stop} and {@link #cleanup} drive
 * runc from the calling process with its state in the pod directory ({@code stage2/runc}), for
 * a flavor without a sandbox of its own.
 */
@Component(service = AppExecutor.class, property = AppExecutor.EXECUTOR_PROPERTY + "=" + RuncExecutor.NAME)
public final class RuncExecutor implements AppExecutor {
    static final String NAME = "runc";

    /** The appc events whose handlers run in the app's rootfs, in the order they happen. */
    static final List<String> EVENTS = List.of("pre-start", "post-stop");

    /**
     * Writes the app's config.json, and for each event handler a bundle of its own beside it,
     * {@code opt/stage2/<app>/<event>/config.json}, whose root is the app's rootfs ({@code ../rootfs}):
     * a handler sees what the app sees, and files it writes there are the app's.
     */
    @Override
    public void prepare(PodContext pod, String app) {
        OciConfig.AppSpec spec = spec(pod, app);
        Path dir = bundle(pod.layout(), app);
        List<Isolator> isolators = definition(pod, app).isolators();
        List<Isolator> podIsolators = pod.manifest().isolators();
        ObjectNode main = OciConfig.of(spec);
        if (pod.runtimeConfig() != null && pod.runtimeConfig().interactive() && stdinIsTerminal()) {
            // --interactive on a terminal: runc gives the app a terminal of its own and relays it to
            // runc's stdio, the pod's console (rkt run's terminal). Off a terminal runc relays plain
            // pipes, so the app reads the input and its end.
            ((ObjectNode) main.get("process")).put("terminal", true);
        }
        Isolators.Report report = Isolators.apply(app, isolators, podIsolators, main, spec.identity().uid() == 0);
        Map<String, List<String>> handlers = handlers(pod, app);
        writeConfig(app, dir.resolve("config.json"), main);
        for (Map.Entry<String, List<String>> handler : handlers.entrySet()) {
            ObjectNode config = OciConfig.of(spec.withArgs(handler.getValue()));
            Isolators.apply(app, isolators, podIsolators, config, spec.identity().uid() == 0);
            ((ObjectNode) config.get("root")).put("path", "../rootfs");
            ((ObjectNode) config.get("linux")).put("cgroupsPath", "/rkt/" + app + "-" + handler.getKey());
            writeConfig(app, dir.resolve(handler.getKey()).resolve("config.json"), config);
        }
        // The appc spec asks the executor to say which isolators it enforced and which it ignored: once, here.
        if (!report.isEmpty()) {
            System.err.println(report.line(app));
            System.err.flush();
        }
    }

    /** Whether this process's stdin, which rkt run's supervisor inherits, is a terminal. */
    static boolean stdinIsTerminal() {
        return isTerminal(Path.of("/proc/self/fd/0"));
    }

    static boolean isTerminal(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static App definition(PodContext pod, String app) {
        RuntimeApp ra = pod.manifest().app(app).orElseThrow(() -> new RktException("pod " + pod.uuid() + ": no app " + app));
        ImageManifest image = pod.images() == null ? null : pod.images().get(app);
        App def = ra.app() != null ? ra.app() : image == null ? null : image.app();
        if (def == null) {
            throw new RktException("app " + app + ": no app definition");
        }
        return def;
    }

    @Override
    public Map<String, List<String>> sandboxEventHandlers(PodContext pod, String app) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String event : handlers(pod, app).keySet()) {
            out.put(event, List.of(Runc.binary().toString(), "--root", "/run/runc", "run", "--no-new-keyring", "--bundle",
                    "/opt/stage2/" + app + "/" + event, app + "-" + event));
        }
        return out;
    }

    /** The app's handlers with the program looked up in its rootfs, by event; appc allows one per event. */
    private static Map<String, List<String>> handlers(PodContext pod, String app) {
        RuntimeApp ra = pod.manifest().app(app).orElseThrow(() -> new RktException("pod " + pod.uuid() + ": no app " + app));
        ImageManifest image = pod.images() == null ? null : pod.images().get(app);
        App def = ra.app() != null ? ra.app() : image == null ? null : image.app();
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (def == null || def.eventHandlers() == null) {
            return out;
        }
        Path rootfs = pod.trees().get(app).resolve("rootfs");
        String path = AppEnvironment.of(app, def, pod.runtimeConfig()).get("PATH");
        for (EventHandler h : def.eventHandlers()) {
            if (!EVENTS.contains(h.name())) {
                throw new RktException("app " + app + ": unknown event handler \"" + h.name() + "\" (appc knows pre-start and post-stop)");
            }
            if (h.exec() == null || h.exec().isEmpty()) {
                throw new RktException("app " + app + ": the " + h.name() + " event handler has an empty exec");
            }
            if (out.containsKey(h.name())) {
                throw new RktException("app " + app + ": more than one " + h.name() + " event handler");
            }
            List<String> args = new ArrayList<>(h.exec());
            args.set(0, ExecLookup.find(rootfs, app, args.get(0), "/", path));
            out.put(h.name(), args);
        }
        return out;
    }

    private static void writeConfig(String app, Path file, ObjectNode config) {
        Path tmp = file.resolveSibling("config.json.tmp");
        try {
            Files.createDirectories(file.getParent());
            // Manifests.writeTree: no ObjectMapper, whose first construction costs every run
            Files.write(tmp, Manifests.writeTree(config, new DefaultPrettyPrinter()));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw RktException.wrap("app " + app + ": write " + file, e);
        }
    }

    @Override
    public List<String> sandboxCommand(PodContext pod, String app) {
        return List.of(Runc.binary().toString(), "--root", "/run/runc", "run", "--no-new-keyring", "--bundle",
                "/opt/stage2/" + app, app);
    }

    /**
     * runc create, start and delete, with runc's state in the sandbox's /run/runc and the app's
     * pid in /run/rkt/APP.pid. The start FIFO is runc's own {@code exec.fifo} in the container's
     * state directory: runc's init, once it has set the app up, blocks writing it, and
     * {@code runc start} reads it and removes it (runc 1.0 to 1.3). Not for an app that runs on a
     * terminal of its own ({@code process.terminal}), whose create would need a console socket.
     */
    @Override
    public Optional<SandboxSteps> sandboxSteps(PodContext pod, String app) {
        if (pod.runtimeConfig() != null && pod.runtimeConfig().interactive()) {
            return Optional.empty();
        }
        String runc = Runc.binary().toString();
        String pidFile = "/run/rkt/" + app + ".pid";
        return Optional.of(new SandboxSteps(
                List.of(runc, "--root", "/run/runc", "create", "--no-new-keyring", "--bundle", "/opt/stage2/" + app,
                        "--pid-file", pidFile, app),
                pidFile,
                List.of(runc, "--root", "/run/runc", "start", app),
                "/run/runc/" + app + "/exec.fifo",
                List.of(runc, "--root", "/run/runc", "delete", "--force", app)));
    }

    @Override
    public int run(PodContext pod, String app) {
        List<String> cmd = List.of(Runc.binary().toString(), "--root", state(pod).toString(), "run", "--no-new-keyring",
                "--bundle", bundle(pod.layout(), app).toString(), id(pod, app));
        try {
            return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw RktException.wrap("app " + app + ": runc", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RktException("app " + app + ": interrupted");
        }
    }

    @Override
    public void stop(PodContext pod, String app, boolean force) {
        Runc.quietly(List.of(Runc.binary().toString(), "--root", state(pod).toString(), "kill", id(pod, app),
                force ? "KILL" : "TERM"));
    }

    @Override
    public void cleanup(PodContext pod, String app) {
        if (Files.isDirectory(state(pod))) {
            Runc.quietly(List.of(Runc.binary().toString(), "--root", state(pod).toString(), "delete", "--force", id(pod, app)));
        }
    }

    static Path bundle(PodLayout layout, String app) {
        return layout.appRootfs(app).getParent();
    }

    private static Path state(PodContext pod) {
        return pod.layout().dir().resolve("stage2").resolve("runc");
    }

    private static String id(PodContext pod, String app) {
        return "rkt-" + pod.uuid() + "-" + app;
    }

    /** The app with the appc executor semantics resolved against its rendered image. */
    static OciConfig.AppSpec spec(PodContext pod, String app) {
        RuntimeApp ra = pod.manifest().app(app).orElseThrow(() -> new RktException("pod " + pod.uuid() + ": no app " + app));
        ImageManifest image = pod.images() == null ? null : pod.images().get(app);
        App def = ra.app() != null ? ra.app() : image == null ? null : image.app();
        if (def == null || def.exec() == null || def.exec().isEmpty()) {
            throw new RktException("app " + app + ": the image has an empty exec (try --exec=BINARY)");
        }
        Path tree = pod.trees() == null ? null : pod.trees().get(app);
        if (tree == null) {
            throw new RktException("app " + app + ": no rendered image tree");
        }
        Path rootfs = tree.resolve("rootfs");
        Map<String, String> env = AppEnvironment.of(app, def, pod.runtimeConfig());
        String cwd = def.workingDirectory() == null || def.workingDirectory().isEmpty() ? "/" : def.workingDirectory();
        if (!Files.isDirectory(RootfsPath.resolve(rootfs, cwd))) {
            throw new RktException("app " + app + ": working directory " + cwd + " does not exist in its rootfs");
        }
        AppIdentity identity;
        try {
            identity = new IdentityResolver(rootfs).resolve(def.user(), def.group(), def.supplementaryGIDs());
        } catch (RktException e) {
            throw new RktException("app " + app + ": " + e.getMessage(), e);
        }
        String exec = ExecLookup.find(rootfs, app, def.exec().get(0), cwd, env.get("PATH"));
        List<String> args = new ArrayList<>(def.exec());
        args.set(0, exec);
        List<VolumeMount> volumes = VolumePlan.of(ra, image, pod.manifest().volumes());
        List<OciConfig.FileMount> files = EtcFiles.write(pod, app, rootfs, bundle(pod.layout(), app));
        return new OciConfig.AppSpec(app, args, cwd, identity, env, Boolean.TRUE.equals(ra.readOnlyRootFS()), volumes,
                OciConfig.DEFAULT_CAPABILITIES, files);
    }
}
