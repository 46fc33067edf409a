package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
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
    public Optional<ImageInfo> byId(String idOrPrefix) {
        return index.byId(idOrPrefix).map(ImageRecord::info);
    }

    @Override
    public Optional<ImageInfo> byName(String name, List<NameValue> labels) {
        return index.byName(name, labels).map(ImageRecord::info);
    }

    @Override
    public List<ImageInfo> list() {
        return index.all().stream().map(ImageRecord::info).toList();
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
            List<Layer> layers = new DependencyFlattener(index).flatten(current);
            Path work = layout.newTemp("render");
            try {
                Files.createDirectory(work);
                long bytes = new TreeRenderer(layout).render(layers, work);
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
            Files.deleteIfExists(layout.blob(image.id()));
        } catch (IOException e) {
            throw RktException.wrap("remove " + image.id(), e);
        }
    }

    private ImageRecord existing(String id) {
        return index.byId(id).orElseThrow(() -> new RktException(id + ": image not found"));
    }
}
