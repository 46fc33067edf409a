package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.rktj.api.RktException;
import io.rktj.sys.NativeDigest;

/**
 * What the index references, and the two passes over the store that use it: gc removes blobs
 * and trees no image references (and leftovers of dead processes in {@code tmp/}); verify
 * re-reads every blob and checks its digest.
 */
final class StoreGc {
    private final CasLayout layout;
    private final ImageIndex index;

    StoreGc(CasLayout layout, ImageIndex index) {
        this.layout = layout;
        this.index = index;
    }

    Set<String> referencedBlobs() {
        Set<String> used = new HashSet<>();
        for (ImageRecord r : index.all()) {
            used.addAll(r.blobNames());
        }
        return used;
    }

    /** Call with the store lock held. */
    List<String> collect() throws IOException {
        List<String> removed = new ArrayList<>();
        layout.removeStaleTemps();
        Set<String> blobs = referencedBlobs();
        for (Path blob : entries(layout.blobs())) {
            if (!blobs.contains(blob.getFileName().toString())) {
                Files.deleteIfExists(blob);
                removed.add("removed blob " + blob.getFileName());
            }
        }
        Set<String> images = new HashSet<>(index.ids());
        for (Path tree : entries(layout.trees())) {
            if (!images.contains(tree.getFileName().toString())) {
                Path trash = layout.newTemp("remove");
                Files.move(tree, trash, StandardCopyOption.ATOMIC_MOVE);
                DurableFiles.deleteTree(trash);
                removed.add("removed tree " + tree.getFileName());
            }
        }
        if (!removed.isEmpty()) {
            DurableFiles.syncDirectory(layout.blobs());
        }
        return removed;
    }

    List<String> verify() {
        List<String> problems = new ArrayList<>();
        for (ImageRecord r : index.all()) {
            for (String b : r.blobNames()) {
                if (!Files.exists(layout.blob(b))) {
                    problems.add("image " + r.id() + ": blob " + b + " is missing");
                }
            }
        }
        try {
            for (Path blob : entries(layout.blobs())) {
                String name = blob.getFileName().toString();
                String got = digest(blob, name);
                if (got == null) {
                    problems.add("blob " + name + ": unknown digest algorithm");
                } else if (!got.equals(name)) {
                    problems.add("blob " + name + ": digest mismatch (its content's digest is " + got + ")");
                }
            }
        } catch (IOException e) {
            throw RktException.wrap("verify " + layout.blobs(), e);
        }
        return problems;
    }

    private static String digest(Path blob, String name) throws IOException {
        String algorithm = name.startsWith("sha512-") ? "SHA-512" : name.startsWith("sha256-") ? "SHA-256" : null;
        if (algorithm == null) {
            return null;
        }
        MessageDigest md = "SHA-512".equals(algorithm) ? NativeDigest.sha512() : NativeDigest.sha256();
        byte[] buf = new byte[1 << 17];
        try (InputStream in = Files.newInputStream(blob)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return name.substring(0, 7) + HexFormat.of().formatHex(md.digest());
    }

    private static List<Path> entries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }
}
