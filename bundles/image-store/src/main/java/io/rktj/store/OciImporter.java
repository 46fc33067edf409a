package io.rktj.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.api.RktException;
import io.rktj.api.image.FetchProgress;
import io.rktj.api.image.OciImageRef;
import io.rktj.api.image.OciSource;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.SchemaException;

/**
 * Brings an OCI or Docker image into the store: resolves an index to the host's platform, reads
 * the config, and fetches the layers the store lacks several at a time, each written to
 * {@code tmp/} while the tree is rendered from it as it arrives (layers are applied in order, so
 * layer n is unpacked while layers n+1... are still arriving). Only when everything is complete
 * and verified are the blobs, the tree and the record renamed into place, under the store lock.
 */
final class OciImporter {
    private static final int PARALLEL = 4;
    private static final int MAX_MANIFEST = 4 << 20;

    private final CasLayout layout;
    private final ImageIndex index;

    OciImporter(CasLayout layout, ImageIndex index) {
        this.layout = layout;
        this.index = index;
    }

    private record Resolved(String digest, byte[] bytes, JsonNode json) {
    }

    ImageRecord importOci(OciImageRef ref, OciSource source, FetchProgress progress) {
        try {
            layout.create();
        } catch (IOException e) {
            throw RktException.wrap("create image store " + layout.root(), e);
        }
        Resolved m = resolve(ref, source);
        String id = Digests.storeName(m.digest());
        Optional<ImageRecord> existing = index.read(id);
        if (existing.isPresent()) {
            return existing.get();
        }
        OciManifest.Blob configRef = OciManifest.config(m.json());
        List<OciManifest.Blob> layers = OciManifest.layers(m.json());
        byte[] config = smallBlob(source, configRef);
        JsonNode configJson = OciManifest.parse(config, "image config " + configRef.digest());

        List<BlobDownload> downloads = new ArrayList<>();
        Path work = layout.newTemp("render");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, layers.size())), r -> {
            Thread t = new Thread(r, "rkt-fetch-layer");
            t.setDaemon(true);
            return t;
        });
        try {
            Files.createDirectory(work);
            List<InputStreamOpener> openers = new ArrayList<>();
            List<BlobDownload> byLayer = new ArrayList<>();
            for (OciManifest.Blob layer : layers) {
                Path blob = layout.blob(Digests.storeName(layer.digest()));
                if (Files.exists(blob)) {
                    openers.add(() -> verifying(Files.newInputStream(blob), layer.digest()));
                    byLayer.add(null);
                } else {
                    BlobDownload d = new BlobDownload(source, layer.digest(), layer.size(), layout.newTemp("ingest"), progress);
                    downloads.add(d);
                    pool.execute(d);
                    openers.add(d::reader);
                    byLayer.add(d);
                }
            }
            LayerApplier applier = new LayerApplier(work.resolve(TarPath.ROOTFS));
            for (int i = 0; i < layers.size(); i++) {
                apply(applier, openers.get(i), layers.get(i).digest(), byLayer.get(i));
            }
            for (BlobDownload d : downloads) {
                d.await();
            }
            applier.finish();
            ImageManifest appc;
            try {
                appc = OciConfigMapper.map(ref, configJson, applier::hasFile);
            } catch (SchemaException e) {
                throw new RktException("image manifest: " + e.getMessage(), e);
            }
            Files.write(work.resolve(TarPath.MANIFEST), Manifests.write(appc));
            DurableFiles.syncFileSystem(work);
            long blobBytes = m.bytes().length + config.length + layers.stream().mapToLong(OciManifest.Blob::size).sum();
            List<String> names = new ArrayList<>();
            names.add(id);
            names.add(Digests.storeName(configRef.digest()));
            layers.forEach(l -> names.add(Digests.storeName(l.digest())));
            return commit(ImageRecord.oci(id, appc, blobBytes, applier.bytes(), ref.source(), Instant.now(), names),
                    m.bytes(), config, downloads, work);
        } catch (IOException e) {
            throw new RktException(RktException.reason(e), e);
        } finally {
            downloads.forEach(BlobDownload::cancel);
            pool.shutdownNow();
            awaitQuietly(pool);
            downloads.forEach(d -> deleteQuietly(d.temp()));
            deleteTreeQuietly(work);
        }
    }

    @FunctionalInterface
    private interface InputStreamOpener {
        InputStream open() throws IOException;
    }

    /**
     * Applies one layer. If it fails while its blob is still arriving, the transfer's own error
     * (a digest mismatch, a truncation) is the one reported: it says more than the decompressor's.
     */
    private static void apply(LayerApplier applier, InputStreamOpener opener, String digest, BlobDownload download)
            throws IOException {
        try {
            apply(applier, opener, digest);
        } catch (IOException e) {
            if (download != null && !(e instanceof LayerApplier.UnsafeArchiveException)) {
                download.await();
            }
            throw e;
        }
    }

    private static void apply(LayerApplier applier, InputStreamOpener opener, String digest) throws IOException {
        try (InputStream raw = opener.open()) {
            InputStream uncompressed = LayerCompression.open(raw);
            // Decompression runs a few chunks ahead on a thread of its own, while this one writes files.
            // Once the tar ends, that thread also reads what is left of the blob, so the digest covers it.
            try (InputStream tar = new ReadAheadInputStream(uncompressed,
                    () -> raw.transferTo(OutputStream.nullOutputStream()), "rkt-layer-read-ahead")) {
                applier.apply(tar, digest);
                // The tar reader stops at the end-of-archive marker; the rest is read to reach the check.
                tar.transferTo(OutputStream.nullOutputStream());
            }
        } catch (LayerApplier.UnsafeArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("layer " + digest + ": " + RktException.reason(e), e);
        }
    }

    /** A blob already in the store, its digest checked as it is read: a damaged blob is never rendered. */
    private static InputStream verifying(InputStream in, String digest) {
        MessageDigest md = Digests.sha256();
        InputStream buffered = new BufferedInputStream(in, 1 << 17);
        return new BlockInputStream() {
            private boolean checked;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = buffered.read(b, off, len);
                if (n > 0) {
                    md.update(b, off, n);
                } else if (n < 0 && !checked) {
                    checked = true;
                    String got = "sha256:" + Digests.hex(md);
                    if (!got.equals(digest)) {
                        throw new IOException("the stored blob is damaged (its digest is " + got
                                + "); run rkt image verify, remove the images that use it and fetch them again");
                    }
                }
                return n;
            }

            // skip is InputStream's, which reads: the digest covers skipped bytes too
            @Override
            public void close() throws IOException {
                buffered.close();
            }
        };
    }

    private Resolved resolve(OciImageRef ref, OciSource source) {
        String digest = Digests.require(ref.digest(), "manifest");
        byte[] bytes = ref.manifest();
        for (int depth = 0; ; depth++) {
            if (!Digests.sha256(bytes).equals(digest)) {
                throw new RktException("manifest " + digest + ": digest mismatch (the content's digest is "
                        + Digests.sha256(bytes) + ")");
            }
            JsonNode json = OciManifest.parse(bytes, "manifest " + digest);
            String type = OciManifest.mediaType(json);
            if (OciManifest.isManifest(type)) {
                return new Resolved(digest, bytes, json);
            }
            if (!OciManifest.isIndex(type) || depth > 2) {
                throw new RktException("manifest " + digest + ": unsupported media type \"" + type + "\"");
            }
            OciManifest.Blob chosen = choosePlatform(json, digest);
            digest = chosen.digest();
            try {
                bytes = source.manifest(digest);
            } catch (IOException e) {
                throw RktException.wrap("manifest " + digest, e);
            }
            if (bytes.length > MAX_MANIFEST) {
                throw new RktException("manifest " + digest + ": larger than " + MAX_MANIFEST + " bytes");
            }
        }
    }

    private static OciManifest.Blob choosePlatform(JsonNode index, String digest) {
        String arch = OciManifest.hostArchitecture();
        OciManifest.Platform best = null;
        for (OciManifest.Platform p : OciManifest.platforms(index)) {
            if ("linux".equals(p.os()) && arch.equals(p.architecture())
                    && (best == null || (!best.variant().isEmpty() && p.variant().isEmpty()))) {
                best = p;
            }
        }
        if (best == null) {
            throw new RktException("index " + digest + ": no image for linux/" + arch);
        }
        return best.manifest();
    }

    private byte[] smallBlob(OciSource source, OciManifest.Blob b) {
        if (b.size() > MAX_MANIFEST) {
            throw new RktException("image config " + b.digest() + ": larger than " + MAX_MANIFEST + " bytes");
        }
        byte[] data;
        Path stored = layout.blob(Digests.storeName(b.digest()));
        try {
            if (Files.exists(stored)) {
                data = Files.readAllBytes(stored);
            } else {
                try (InputStream in = source.blob(b.digest(), b.size())) {
                    data = in.readNBytes(MAX_MANIFEST + 1);
                }
            }
        } catch (IOException e) {
            throw RktException.wrap("image config " + b.digest(), e);
        }
        if (b.size() >= 0 && data.length != b.size()) {
            throw new RktException("image config " + b.digest() + ": " + data.length + " bytes, the manifest says " + b.size());
        }
        if (!Digests.sha256(data).equals(b.digest())) {
            throw new RktException("image config " + b.digest() + ": digest mismatch (the content's digest is "
                    + Digests.sha256(data) + ")");
        }
        return data;
    }

    private ImageRecord commit(ImageRecord r, byte[] manifest, byte[] config, List<BlobDownload> downloads, Path work)
            throws IOException {
        try (StoreLock lock = StoreLock.exclusive(layout.root())) {
            layout.removeStaleTemps();
            Optional<ImageRecord> existing = index.read(r.id());
            if (existing.isPresent()) {
                return existing.get();
            }
            for (BlobDownload d : downloads) {
                Path blob = layout.blob(Digests.storeName(d.digest()));
                if (!Files.exists(blob)) {
                    Files.move(d.temp(), blob, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            writeBlob(r.blobs().get(0), manifest);
            writeBlob(r.blobs().get(1), config);
            DurableFiles.syncDirectory(layout.blobs());
            Path tree = layout.tree(r.id());
            // A tree without a record is left by an interrupted remove; it is complete, as every final name is.
            if (!Files.exists(tree)) {
                Files.move(work, tree, StandardCopyOption.ATOMIC_MOVE);
                DurableFiles.syncDirectory(layout.trees());
            }
            index.write(r, true);
            return r;
        }
    }

    private void writeBlob(String name, byte[] data) throws IOException {
        Path blob = layout.blob(name);
        if (!Files.exists(blob)) {
            DurableFiles.replace(blob, data, layout.newTemp("blob"), false);
        }
    }

    /** Renders an image whose tree is gone (removed by gc) again from its blobs. */
    long render(ImageRecord r, Path work) throws IOException {
        LayerApplier applier = new LayerApplier(work.resolve(TarPath.ROOTFS));
        for (String layer : r.layers()) {
            String digest = Digests.digestOf(layer);
            apply(applier, () -> verifying(Files.newInputStream(layout.blob(layer)), digest), digest);
        }
        applier.finish();
        Files.write(work.resolve(TarPath.MANIFEST), Manifests.write(r.imageManifest()));
        return applier.bytes();
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover in tmp/ is removed by the next writer once this process is gone
        }
    }

    private static void deleteTreeQuietly(Path p) {
        try {
            DurableFiles.deleteTree(p);
        } catch (IOException e) {
            // a leftover in tmp/ is removed by the next writer once this process is gone
        }
    }
}
