package io.rktj.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import io.rktj.api.RktException;
import io.rktj.api.schema.Manifests;

/**
 * Renders a flattened dependency list into a directory: {@code rootfs/} with every layer
 * applied (upper images first, so theirs win) and {@code manifest} of the upper image. Each
 * blob is read once and its hash checked on the way, so a damaged blob is never rendered.
 */
final class TreeRenderer {
    private static final int BUFFER = 1 << 17;

    private final CasLayout layout;

    TreeRenderer(CasLayout layout) {
        this.layout = layout;
    }

    /** Returns the bytes of regular files written. */
    long render(List<Layer> layers, Path into) throws IOException {
        TreeWriter writer = new TreeWriter(into);
        for (int i = 0; i < layers.size(); i++) {
            apply(layers.get(i), LayerFilter.of(layers, i), writer);
        }
        ensureWhitelistedDirectories(layers.get(0), writer);
        writer.finish();
        Files.write(into.resolve(TarPath.MANIFEST), Manifests.write(layers.get(0).manifest()));
        return writer.bytes();
    }

    private void apply(Layer layer, LayerFilter filter, TreeWriter writer) throws IOException {
        try (InputStream blob = Files.newInputStream(layout.blob(layer.id()))) {
            DigestingStream digest = new DigestingStream(blob);
            BufferedInputStream in = new BufferedInputStream(digest, BUFFER);
            PaxTarInputStream tar = new PaxTarInputStream(in);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = TarPath.clean(e.getName());
                if (!name.equals(TarPath.ROOTFS) && !name.startsWith(TarPath.ROOTFS_PREFIX)) {
                    continue;
                }
                EntryKind kind = EntryKind.of(e);
                if (filter.allows(name, kind == EntryKind.DIRECTORY)) {
                    writer.write(name, kind, e, tar, tar.xattrs(e));
                }
            }
            in.transferTo(OutputStream.nullOutputStream());
            if (!digest.imageId().equals(layer.id())) {
                throw new RktException("blob of " + layer.id() + " is damaged (its sha512 differs); remove the image and fetch it again");
            }
        }
    }

    /** appc: a whitelisted path ending in "/" is a directory that exists, even if empty. */
    private static void ensureWhitelistedDirectories(Layer top, TreeWriter writer) throws IOException {
        List<String> pwl = top.manifest().pathWhitelist();
        if (pwl == null) {
            return;
        }
        for (String p : pwl) {
            if (p.endsWith("/")) {
                writer.ensureDirectory(TarPath.fromWhitelist(p));
            }
        }
    }
}
