package io.rktj.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageStore;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.PodManifest;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.api.schema.SchemaException;

/** Reads what a flavor is given about a pod from the pod directory alone. */
final class PodContexts {
    private final ImageStore store;

    PodContexts(ImageStore store) {
        this.store = store;
    }

    /**
     * @param strictTrees true to run the pod: every app's tree must render; false for stop, enter and
     *                    gc, which must work even when an image has left the store since
     */
    PodContext load(PodHandle h, int lockFd, boolean strictTrees) {
        return read(h, lockFd, strictTrees, true);
    }

    /** The pod without its image trees, so nothing is rendered: what a look at its network needs. */
    PodContext loadWithoutTrees(PodHandle h) {
        return read(h, -1, false, false);
    }

    private PodContext read(PodHandle h, int lockFd, boolean strictTrees, boolean withTrees) {
        PodLayout layout = h.layout();
        String what = "pod " + h.uuid();
        try {
            PodManifest manifest = Manifests.readPodManifest(required(layout.manifest(), what));
            Map<String, ImageManifest> images = new LinkedHashMap<>();
            Map<String, Path> trees = new LinkedHashMap<>();
            for (RuntimeApp app : manifest.apps() == null ? List.<RuntimeApp>of() : manifest.apps()) {
                images.put(app.name(), Manifests.readImageManifest(required(layout.appInfo(app.name()).resolve("manifest"), what)));
                if (!withTrees) {
                    continue;
                }
                String treeId = new String(required(layout.treeStoreId(app.name()), what)).trim();
                try {
                    trees.put(app.name(), store.render(treeId));
                } catch (RuntimeException e) {
                    if (strictTrees) {
                        throw RktException.wrap(what + ": render image " + treeId, e);
                    }
                }
            }
            RuntimeConfig config = RuntimeConfigFile.read(required(layout.runtimeConfig(), what));
            return new PodContext(h.uuid(), layout, manifest, images, trees, config, lockFd, PodNet.load(layout));
        } catch (SchemaException e) {
            throw RktException.wrap(what, e);
        } catch (IOException e) {
            throw RktException.wrap(what + ": read runtime-config", e);
        }
    }

    private static byte[] required(Path file, String what) {
        Optional<byte[]> bytes = PodFiles.bytes(file);
        if (bytes.isEmpty()) {
            throw new RktException(what + ": missing " + file.getFileName());
        }
        return bytes.get();
    }
}
