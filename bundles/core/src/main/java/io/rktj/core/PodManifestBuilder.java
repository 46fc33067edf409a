package io.rktj.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rktj.api.RktException;
import io.rktj.api.pod.AppRequest;
import io.rktj.api.schema.ACName;
import io.rktj.api.schema.App;
import io.rktj.api.schema.ExposedPort;
import io.rktj.api.schema.Isolator;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.Mount;
import io.rktj.api.schema.MountPoint;
import io.rktj.api.schema.NameValue;
import io.rktj.api.schema.PodManifest;
import io.rktj.api.schema.Port;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.api.schema.RuntimeImage;
import io.rktj.api.schema.SchemaException;
import io.rktj.api.schema.Volume;

/**
 * Writes the pod manifest from the command line, as rkt's stage0 does: each app is its image's app
 * with the per-app flags laid over it. Unlike rkt, mount points are matched to volumes here (rkt did
 * it in stage1), so every flavor finds each app's mounts complete in the manifest.
 */
final class PodManifestBuilder {
    private static final String IMPLICIT_VOLUME_MODE = "0755";

    PodManifest build(List<ResolvedApp> apps, List<Volume> requestedVolumes) {
        return build(apps, requestedVolumes, List.of());
    }

    /** The pod manifest; {@code ports} (--port) must each name a port exactly one app declares, as rkt required. */
    PodManifest build(List<ResolvedApp> apps, List<Volume> requestedVolumes, List<ExposedPort> ports) {
        List<Volume> volumes = new ArrayList<>(requestedVolumes == null ? List.of() : requestedVolumes);
        checkHostSources(volumes);
        Set<String> names = new HashSet<>();
        List<RuntimeApp> runtimeApps = new ArrayList<>();
        for (ResolvedApp a : apps) {
            String name = appName(a);
            if (!names.add(name)) {
                throw new RktException("multiple apps with name \"" + name + "\" (give each a --name)");
            }
            runtimeApps.add(runtimeApp(name, a, volumes));
        }
        checkPorts(runtimeApps, ports);
        PodManifest pm = new PodManifest(Manifests.AC_VERSION, PodManifest.KIND, runtimeApps, volumes,
                null, null, ports == null || ports.isEmpty() ? null : List.copyOf(ports), null, null);
        try {
            Manifests.validate(pm);
        } catch (SchemaException e) {
            throw new RktException("pod manifest: " + e.getMessage(), e);
        }
        return pm;
    }

    /** rkt's default app name: the last path element of the image name, made an ACName. */
    static String appName(ResolvedApp a) {
        String given = a.request().name();
        if (given != null) {
            if (!ACName.isValid(given)) {
                throw new RktException("app name \"" + given + "\": invalid ACName (lower-case letters, digits and single dashes)");
            }
            return given;
        }
        String image = a.manifest().name();
        return ACName.sanitize(image.substring(image.lastIndexOf('/') + 1));
    }

    private static void checkPorts(List<RuntimeApp> apps, List<ExposedPort> ports) {
        Set<String> seen = new HashSet<>();
        for (ExposedPort p : ports == null ? List.<ExposedPort>of() : ports) {
            if (!seen.add(p.name())) {
                throw new RktException("--port " + p.name() + ": given twice");
            }
            String owner = null;
            for (RuntimeApp a : apps) {
                for (Port declared : a.app().ports() == null ? List.<Port>of() : a.app().ports()) {
                    if (declared.name().equals(p.name())) {
                        if (owner != null) {
                            throw new RktException("--port " + p.name() + ": ambiguous, apps \"" + owner + "\" and \""
                                    + a.name() + "\" both declare a port of that name");
                        }
                        owner = a.name();
                    }
                }
            }
            if (owner == null) {
                throw new RktException("--port " + p.name() + ": port name \"" + p.name() + "\" is not defined by any apps");
            }
        }
    }

    private static void checkHostSources(List<Volume> volumes) {
        for (Volume v : volumes) {
            // A relative source is left to manifest validation, which names the field.
            if (v.isHost() && v.source() != null && v.source().startsWith("/") && !Files.exists(Path.of(v.source()))) {
                throw new RktException("volume " + v.name() + ": host source " + v.source() + " does not exist");
            }
        }
    }

    private RuntimeApp runtimeApp(String name, ResolvedApp a, List<Volume> volumes) {
        AppRequest r = a.request();
        App app = a.manifest().app();
        if (app == null) {
            if (r.exec() == null) {
                throw new RktException("image " + a.manifest().name() + ": has no app section and no --exec was given");
            }
            // rkt gives an image without an app section the identity of the user running rkt: root here.
            app = new App(null, "0", "0", null, null, null, null, null, null, null);
        }
        app = app.withExec(exec(app, r));
        if (app.exec() == null || app.exec().isEmpty()) {
            throw new RktException("app \"" + name + "\": nothing to execute (the image has no exec; give --exec)");
        }
        app = app.withUser(r.user() != null ? r.user() : app.user(), r.group() != null ? r.group() : app.group());
        if (r.workingDir() != null) {
            app = app.withWorkingDirectory(r.workingDir());
        }
        app = app.withEnvironment(environment(app.environment(), r.environment()));
        app = app.withIsolators(isolators(app.isolators(), r.isolators()));
        List<Mount> mounts = mounts(name, app, r.mounts(), volumes);
        RuntimeImage image = new RuntimeImage(a.manifest().name(), a.image().id(), a.manifest().labels());
        return new RuntimeApp(name, image, app, Boolean.TRUE.equals(r.readOnlyRootFS()) ? Boolean.TRUE : null, mounts, null);
    }

    /** The image's isolators, each replaced by the app flag's isolator of the same name; the flags' new ones after. */
    private static List<Isolator> isolators(List<Isolator> image, List<Isolator> flags) {
        Map<String, Isolator> byName = new LinkedHashMap<>();
        if (image != null) {
            for (Isolator i : image) {
                byName.put(i.name(), i);
            }
        }
        if (flags != null) {
            for (Isolator i : flags) {
                byName.put(i.name(), i);
            }
        }
        return byName.isEmpty() ? null : List.copyOf(byName.values());
    }

    /** --exec replaces the image's command; arguments after "--" are appended to whichever remains. */
    private static List<String> exec(App app, AppRequest r) {
        List<String> exec = new ArrayList<>();
        if (r.exec() != null) {
            exec.add(r.exec());
        } else if (app.exec() != null) {
            exec.addAll(app.exec());
        }
        if (r.args() != null) {
            exec.addAll(r.args());
        }
        return exec;
    }

    /** The image's environment in its order, each --environment variable replacing or added after it. */
    private static List<NameValue> environment(List<NameValue> image, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        if (image != null) {
            for (NameValue nv : image) {
                env.put(nv.name(), nv.value());
            }
        }
        if (overrides != null) {
            env.putAll(overrides);
        }
        List<NameValue> out = new ArrayList<>(env.size());
        for (Map.Entry<String, String> e : env.entrySet()) {
            out.add(new NameValue(e.getKey(), e.getValue()));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The app's --mount flags, then one mount for each image mount point left: to the volume named
     * like the mount point, or, as rkt does when there is none, to an implicit empty volume
     * {@code <app>-<mountpoint>} (mode 0755, root-owned) that goes away with the pod.
     */
    private static List<Mount> mounts(String app, App def, List<Mount> requested, List<Volume> volumes) {
        List<Mount> mounts = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        if (requested != null) {
            for (Mount m : requested) {
                if (m.path() == null || m.path().isEmpty()) {
                    throw new RktException("app \"" + app + "\": mount of volume \"" + m.volume() + "\" has no target path");
                }
                if (m.appVolume() == null && !hasVolume(volumes, m.volume())) {
                    throw new RktException("app \"" + app + "\": mount of unknown volume \"" + m.volume() + "\"");
                }
                if (paths.add(normalize(m.path()))) {
                    mounts.add(m);
                }
            }
        }
        if (def.mountPoints() == null) {
            return mounts;
        }
        for (MountPoint mp : def.mountPoints()) {
            if (!paths.add(normalize(mp.path()))) {
                continue;
            }
            String volume = mp.name();
            if (!hasVolume(volumes, mp.name())) {
                volume = app + "-" + mp.name();
                volumes.add(new Volume(volume, "empty", null, mp.readOnly(), null, IMPLICIT_VOLUME_MODE, 0, 0));
            }
            mounts.add(new Mount(volume, mp.path(), null));
        }
        return mounts;
    }

    private static boolean hasVolume(List<Volume> volumes, String name) {
        for (Volume v : volumes) {
            if (v.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String path) {
        return Path.of(path).normalize().toString();
    }
}
