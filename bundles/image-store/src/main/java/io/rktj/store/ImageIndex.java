package io.rktj.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.api.RktException;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.NameValue;

/**
 * The index: one JSON record per image in {@code cas/images/}. A record is replaced whole by
 * rename(2), so readers need no lock and always see a complete one; writers hold the
 * {@link StoreLock}. An image exists exactly when its record does.
 */
final class ImageIndex {
    static final String ID_PREFIX = "sha512-";
    private static final Pattern FULL_ID = Pattern.compile("sha512-[0-9a-f]{128}|sha256-[0-9a-f]{64}");
    private static final Pattern ID_PART = Pattern.compile("sha(512|256)-[0-9a-f]*");
    private static final String SUFFIX = ".json";

    /** Oldest import first; of the same import time, by id. */
    private static final class ByImport implements Comparator<ImageRecord> {
        @Override
        public int compare(ImageRecord a, ImageRecord b) {
            int byTime = a.imported().compareTo(b.imported());
            return byTime != 0 ? byTime : a.id().compareTo(b.id());
        }
    }

    private static final Comparator<ImageRecord> BY_IMPORT = new ByImport();

    private final CasLayout layout;

    ImageIndex(CasLayout layout) {
        this.layout = layout;
    }

    static boolean isFullId(String id) {
        return id != null && FULL_ID.matcher(id).matches();
    }

    Optional<ImageRecord> read(String id) {
        if (!isFullId(id)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Manifests.readTree(Files.readAllBytes(layout.record(id)));
            if (json == null || !json.isObject()) {
                throw new RktException("read index record " + layout.record(id) + ": not a JSON object");
            }
            return Optional.of(ImageRecord.fromJson(json));
        } catch (IllegalArgumentException e) {
            throw new RktException("read index record " + layout.record(id) + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw RktException.wrap("read index record " + layout.record(id), e);
        }
    }

    /** Writes a record durably; call with the store lock held. */
    void write(ImageRecord r, boolean syncDirectory) {
        try {
            DurableFiles.replace(layout.record(r.id()), Manifests.writeTree(r.toJson(), null), layout.newTemp("record"), syncDirectory);
        } catch (IOException e) {
            throw RktException.wrap("write index record " + layout.record(r.id()), e);
        }
    }

    /** Removes a record durably; call with the store lock held. */
    void delete(String id) {
        try {
            Files.deleteIfExists(layout.record(id));
            DurableFiles.syncDirectory(layout.images());
        } catch (IOException e) {
            throw RktException.wrap("remove index record " + layout.record(id), e);
        }
    }

    List<String> ids() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(layout.images(), "*" + SUFFIX)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (isFullId(id)) {
                    ids.add(id);
                }
            }
        } catch (NoSuchFileException e) {
            return ids;
        } catch (IOException e) {
            throw RktException.wrap("list " + layout.images(), e);
        }
        return ids;
    }

    /** Every record; one removed while listing is left out. */
    List<ImageRecord> all() {
        List<ImageRecord> all = new ArrayList<>();
        for (String id : ids()) {
            Optional<ImageRecord> r = read(id);
            if (r.isPresent()) {
                all.add(r.get());
            }
        }
        all.sort(BY_IMPORT);
        return all;
    }

    /** A full id or a unique prefix of one ({@code sha512-1a2b}, {@code sha256-3c4d}); an ambiguous prefix is an error. */
    Optional<ImageRecord> byId(String idOrPrefix) {
        if (idOrPrefix == null || !ID_PART.matcher(idOrPrefix).matches()) {
            return Optional.empty();
        }
        if (isFullId(idOrPrefix)) {
            return read(idOrPrefix);
        }
        List<String> matches = new ArrayList<>();
        for (String id : ids()) {
            if (id.startsWith(idOrPrefix)) {
                matches.add(id);
            }
        }
        if (matches.size() > 1) {
            throw new RktException("image ID " + idOrPrefix + " is ambiguous: " + matches.size() + " images match");
        }
        return matches.isEmpty() ? Optional.empty() : read(matches.get(0));
    }

    /**
     * The newest import with this name whose labels include the requested ones. As in rkt, a
     * requested {@code version=latest} constrains nothing: any version matches and the newest wins.
     */
    Optional<ImageRecord> byName(String name, List<NameValue> labels) {
        List<NameValue> wanted = new ArrayList<>();
        if (labels != null) {
            for (NameValue l : labels) {
                if (!("version".equals(l.name()) && "latest".equals(l.value()))) {
                    wanted.add(l);
                }
            }
        }
        ImageRecord newest = null;
        for (ImageRecord r : all()) {
            if (r.name().equals(name) && r.labels().containsAll(wanted)
                    && (newest == null || BY_IMPORT.compare(newest, r) < 0)) {
                newest = r;
            }
        }
        return Optional.ofNullable(newest);
    }
}
