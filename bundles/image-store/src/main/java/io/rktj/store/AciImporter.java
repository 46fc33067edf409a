package io.rktj.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import io.rktj.api.RktException;
import io.rktj.api.schema.ImageManifest;

/**
 * Brings one ACI into the store in a single pass: decompress, hash, copy to a temporary blob and
 * check the layout, all from the same bytes. Only a valid image is renamed into {@code blobs/}
 * and given an index record; anything else leaves the store as it was.
 */
final class AciImporter {
    private static final int BUFFER = 1 << 17;

    private final CasLayout layout;
    private final ImageIndex index;

    AciImporter(CasLayout layout, ImageIndex index) {
        this.layout = layout;
        this.index = index;
    }

    ImageRecord importAci(InputStream aci, String source) {
        try {
            layout.create();
        } catch (IOException e) {
            throw RktException.wrap("create image store " + layout.root(), e);
        }
        Path temp = layout.newTemp("import");
        try {
            Streamed s = stream(aci, temp);
            return commit(temp, s, source);
        } finally {
            deleteQuietly(temp);
        }
    }

    private record Streamed(String id, ImageManifest manifest, long size) {
    }

    private Streamed stream(InputStream aci, Path temp) {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            BufferedInputStream raw = new BufferedInputStream(aci, BUFFER);
            AciFormat format = AciFormat.detect(raw);
            DigestingStream tee = new DigestingStream(format.open(raw), out, temp);
            BufferedInputStream plain = new BufferedInputStream(tee, BUFFER);
            if (format != AciFormat.TAR && !AciFormat.isTar(AciFormat.peek(plain, 512))) {
                throw new RktException("not an ACI: no tar archive inside the " + format.name().toLowerCase() + " compression");
            }
            ImageManifest manifest = new AciScanner().scan(new TarArchiveInputStream(plain, StandardCharsets.UTF_8.name()));
            // The tar reader stops at the end-of-archive marker; the id covers the padding after it too.
            plain.transferTo(OutputStream.nullOutputStream());
            sync(out, temp);
            return new Streamed(tee.imageId(), manifest, tee.count());
        } catch (IOException e) {
            throw RktException.wrap("not an ACI", e);
        }
    }

    private static void sync(FileChannel out, Path temp) {
        try {
            out.force(true);
        } catch (IOException e) {
            throw RktException.wrap("write " + temp, e);
        }
    }

    private ImageRecord commit(Path temp, Streamed s, String source) {
        try (StoreLock lock = StoreLock.exclusive(layout.root())) {
            layout.removeStaleTemps();
            var existing = index.read(s.id());
            if (existing.isPresent()) {
                return existing.get();
            }
            Path blob = layout.blob(s.id());
            // A blob without a record is left by an interrupted remove; it is complete, as every final name is.
            if (!Files.exists(blob)) {
                Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE);
                DurableFiles.syncDirectory(layout.blobs());
            }
            ImageRecord r = ImageRecord.of(s.id(), s.manifest(), s.size(), source, Instant.now());
            index.write(r, true);
            return r;
        } catch (IOException e) {
            throw RktException.wrap("store image " + s.id(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover in tmp/ is removed by the next writer once this process is gone
        }
    }
}
