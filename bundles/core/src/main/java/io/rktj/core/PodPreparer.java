package io.rktj.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.image.ImageStore;
import io.rktj.api.pod.AppRequest;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.PodLifecycle.UUIDSink;
import io.rktj.api.pod.PrepareRequest;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.PodManifest;
import io.rktj.api.schema.RuntimeApp;

/**
 * Makes a pod directory as rkt's stage0 prepare does: images are resolved first (so a bad image
 * leaves nothing behind), then the pod is created in embryo/, locked, renamed to prepare/ and
 * filled. Any failure after that removes the directory before the error goes up.
 */
final class PodPreparer {
    private static final String POD_DIR_MODE = "rwxr-x---";

    private final DataDir data;
    private final ImageStore store;
    private final ImageResolver resolver;
    private final Flavors flavors;
    private final PodManifestBuilder builder = new PodManifestBuilder();

    PodPreparer(DataDir data, ImageStore store, ImageResolver resolver, Flavors flavors) {
        this.data = data;
        this.store = store;
        this.resolver = resolver;
        this.flavors = flavors;
    }

    /** A pod in prepare/, locked by this process through {@code lock}. */
    record Preparing(PodHandle pod, PodLock lock) {
    }

    Preparing prepare(PrepareRequest request, UUIDSink uuidSink, boolean durable) {
        List<AppRequest> apps = request.apps() == null ? List.of() : request.apps();
        if (apps.isEmpty()) {
            throw new RktException("must provide at least one image");
        }
        RuntimeConfig config = request.runtimeConfig();
        if (config != null && config.interactive() && apps.size() > 1) {
            throw new RktException("interactive option only supports one image");
        }
        Flavors.Entry flavor = flavors.choose(request.stage1());
        if (flavor.name().equals("fly") && apps.size() > 1) {
            // rkt's stage1-fly runs exactly one app, without a pod supervisor to hold several.
            throw new RktException("stage1 fly only supports one app per pod, got " + apps.size());
        }
        if (flavor.namespaced() && !request.ports().isEmpty()) {
            String mode = Networks.mode(config == null ? null : config.net());
            if (!mode.equals(io.rktj.api.pod.PodNetwork.CNI)) {
                throw new RktException("--port flag does not work with '" + mode + "' networking");
            }
        }
        Set<String> insecure = request.insecureOptions() == null ? Set.of() : request.insecureOptions();
        List<ResolvedApp> resolved = new ArrayList<>();
        for (AppRequest a : apps) {
            ImageInfo image = resolver.resolve(a.image(),
                    new ImportOptions(insecure, request.pullPolicy(), request.progress(), request.trustKeysFromHttps()));
            resolved.add(new ResolvedApp(a, image, store.manifest(image.id())));
        }
        PodManifest manifest = builder.build(resolved, request.volumes(), request.ports());

        Preparing p = create(durable);
        try {
            if (uuidSink != null) {
                uuidSink.accept(p.pod().uuid());
            }
            write(p.pod(), manifest, resolved, withHostname(config, p.pod().uuid()), flavor.record());
            return p;
        } catch (IOException | RuntimeException e) {
            discard(p);
            throw e instanceof RktException r ? r : RktException.wrap("prepare pod " + p.pod().uuid(), e);
        }
    }

    /** Creates the pod: embryo/UUID, locked, renamed to prepare/UUID (rkt's NewPod and ToPreparing). */
    private Preparing create(boolean durable) {
        data.init();
        UUID uuid = RandomUuid.next();
        Path embryo = data.podPath(StateDir.EMBRYO, uuid);
        try {
            Files.createDirectory(embryo, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(POD_DIR_MODE)));
        } catch (IOException e) {
            throw RktException.wrap("create pod " + uuid, e);
        }
        PodHandle h = new PodHandle(uuid, StateDir.EMBRYO, embryo, StateDir.EMBRYO.state(true));
        PodLock lock = PodLock.open(embryo);
        try {
            if (!lock.tryExclusive()) {
                throw new RktException("pod " + uuid + ": embryo locked by another process");
            }
            Files.createFile(PodFiles.created(h.layout()));
            return new Preparing(data.move(h, StateDir.PREPARE, true, durable), lock);
        } catch (IOException | RuntimeException e) {
            discard(new Preparing(h, lock));
            throw e instanceof RktException r ? r : RktException.wrap("create pod " + uuid, e);
        }
    }

    private void write(PodHandle h, PodManifest manifest, List<ResolvedApp> apps, RuntimeConfig config, FlavorRecord flavor)
            throws IOException {
        PodLayout layout = h.layout();
        PodFiles.write(layout.manifest(), Manifests.write(manifest));
        PodFiles.write(layout.runtimeConfig(), RuntimeConfigFile.write(config));
        for (int i = 0; i < apps.size(); i++) {
            RuntimeApp ra = manifest.apps().get(i);
            ImageInfo image = apps.get(i).image();
            PodFiles.write(layout.appInfo(ra.name()).resolve("manifest"), Manifests.write(apps.get(i).manifest()));
            PodFiles.write(layout.treeStoreId(ra.name()), image.id().getBytes(StandardCharsets.UTF_8));
            store.render(image.id());
        }
        flavor.write(layout.stage1Record());
    }

    /** The pod's runtime options; the hostname is rkt-UUID unless --hostname said otherwise. */
    private static RuntimeConfig withHostname(RuntimeConfig c, UUID uuid) {
        if (c == null) {
            return new RuntimeConfig(Map.of(), Map.of(), "rkt-" + uuid, null, false, false, List.of());
        }
        String hostname = c.hostname() == null || c.hostname().isEmpty() ? "rkt-" + uuid : c.hostname();
        return new RuntimeConfig(c.setEnv(), c.inheritEnv(), hostname, c.net(), c.interactive(), c.noOverlay(), c.dns(),
                c.dnsSearch(), c.dnsOptions(), c.dnsDomain(), c.hostsEntries());
    }

    /** Removes a pod that failed to prepare, then lets go of its lock. */
    static void discard(Preparing p) {
        try {
            TreeDeleter.delete(p.pod().path());
        } finally {
            p.lock().close();
        }
    }

    /** prepare/ → prepared/, then unlock: rkt's ToPrepared. */
    PodHandle finish(Preparing p) {
        PodHandle prepared;
        try {
            prepared = data.move(p.pod(), StateDir.PREPARED, false);
        } catch (NoSuchFileException | RuntimeException e) {
            discard(p);
            throw e instanceof RktException r ? r : RktException.wrap("prepare pod " + p.pod().uuid(), e);
        }
        p.lock().close();
        return prepared;
    }
}
