package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.rktj.api.RktException;
import io.rktj.api.image.FetchProgress;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.OciImageRef;
import io.rktj.api.image.OciSource;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.NameValue;

/**
 * The content-addressed ACI store under {@code <rkt.dir>/cas} and its tree store of rendered
 * images. Everything that changes the store happens under the store's flock, so concurrent rkt
 * processes share it safely; readers take no lock, since every final name appears by rename(2).
 * Activation does no I/O: the directories appear with the first import.
 */
@Component(service = ImageStore.class)
public final class CasImageStore implements ImageStore {
    private final CasLayout layout;
    private final ImageIndex index;

    @Activate
    public CasImageStore(BundleContext context) {
        this(new CasLayout(Path.of(property(context, "rkt.dir", "/var/lib/rkt"))));
    }

    private CasImageStore(CasLayout layout) {
        this.layout = layout;
        this.index = new ImageIndex(layout);
    }

    /** The store of a data directory, outside OSGi (tests, tools); DS uses the constructor. */
    public static CasImageStore at(Path dataDir) {
        return new CasImageStore(new CasLayout(dataDir));
    }

    private static String property(BundleContext context, String key, String fallback) {
        String v = context.getProperty(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    @Override
    public ImageInfo importAci(InputStream aci, String source) {
        return new AciImporter(layout, index).importAci(aci, source).info();
    }

    @Override
    public ImageInfo importOci(OciImageRef image, OciSource source, FetchProgress progress) {
        return new OciImporter(layout, index).importOci(image, source, progress == null ? FetchProgress.NONE : progress).info();
    }

    @Override
    public Optional<ImageInfo> byId(String idOrPrefix) {
        return info(index.byId(idOrPrefix));
    }

    @Override
    public Optional<ImageInfo> byName(String name, List<NameValue> labels) {
        return info(index.byName(name, labels));
    }

    @Override
    public List<ImageInfo> list() {
        List<ImageInfo> out = new ArrayList<>();
        for (ImageRecord r : index.all()) {
            out.add(r.info());
        }
        return Collections.unmodifiableList(out);
    }

    private static Optional<ImageInfo> info(Optional<ImageRecord> record) {
        return record.isPresent() ? Optional.of(record.get().info()) : Optional.empty();
    }

    @Override
    public ImageManifest manifest(String id) {
        return existing(id).imageManifest();
    }

    @Override
    public Path render(String id) {
        ImageRecord image = existing(id);
        Path tree = layout.tree(image.id());
        // A tree appears by rename(2) once complete, so seeing it is enough; no lock on the hot path.
        if (Files.isDirectory(tree)) {
            return tree;
        }
        try (StoreLock lock = StoreLock.exclusive(layout.root())) {
            if (Files.isDirectory(tree)) {
                return tree;
            }
            layout.removeStaleTemps();
            ImageRecord current = existing(image.id());
            Path work = layout.newTemp("render");
            try {
                Files.createDirectory(work);
                long bytes = current.layered()
                        ? new OciImporter(layout, index).render(current, work)
                        : new TreeRenderer(layout).render(new DependencyFlattener(index).flatten(current), work);
                DurableFiles.syncFileSystem(work);
                Files.move(work, tree, StandardCopyOption.ATOMIC_MOVE);
                DurableFiles.syncDirectory(layout.trees());
                index.write(current.rendered(bytes), false);
            } finally {
                DurableFiles.deleteTree(work);
            }
            return tree;
        } catch (IOException e) {
            throw RktException.wrap("render " + image.id(), e);
        } catch (RktException e) {
            throw new RktException("render " + image.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void touch(String id) {
        String full = existing(id).id();
        try (StoreLock lock = StoreLock.exclusive(layout.root())) {
            // Read again under the lock: a render may have just recorded the tree's size.
            // Losing a last-used time in a crash is harmless, so the directory is not synced.
            index.write(existing(full).usedAt(Instant.now()), false);
        }
    }

    @Override
    public void remove(String id) {
        ImageRecord image = existing(id);
        try (StoreLock lock = StoreLock.exclusive(layout.root())) {
            // The record goes first: from then on the image does not exist, whatever a crash leaves below.
            index.delete(image.id());
            Path tree = layout.tree(image.id());
            if (Files.exists(tree)) {
                Path trash = layout.newTemp("remove");
                Files.move(tree, trash, StandardCopyOption.ATOMIC_MOVE);
                DurableFiles.deleteTree(trash);
            }
            // Blobs another image shares stay; gc removes any this loop misses after a crash.
            Set<String> stillUsed = new StoreGc(layout, index).referencedBlobs();
            for (String blob : image.blobNames()) {
                if (!stillUsed.contains(blob)) {
                    Files.deleteIfExists(layout.blob(blob));
                }
            }
        } catch (IOException e) {
            throw RktException.wrap("remove " + image.id(), e);
        }
    }

    @Override
    public List<String> gc() {
        if (!Files.isDirectory(layout.root())) {
            return List.of();
        }
        try (StoreLock lock = StoreLock.exclusive(layout.root())) {
            return new StoreGc(layout, index).collect();
        } catch (IOException e) {
            throw RktException.wrap("gc " + layout.root(), e);
        }
    }

    @Override
    public List<String> verify() {
        return new StoreGc(layout, index).verify();
    }

    @Override
    public void exportAci(String id, OutputStream out) {
        ImageRecord image = existing(id);
        try {
            if (image.layered()) {
                new AciWriter(out).write(render(image.id()));
            } else {
                Files.copy(layout.blob(image.id()), out);
            }
            out.flush();
        } catch (IOException e) {
            throw RktException.wrap("export " + image.id(), e);
        }
    }

    private ImageRecord existing(String id) {
        Optional<ImageRecord> image = index.byId(id);
        if (image.isEmpty()) {
            throw new RktException(id + ": image not found");
        }
        return image.get();
    }
}
