package io.rktj.store;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.NameValue;

/**
 * One image in the index, stored as {@code cas/images/<id>.json}. Carries the manifest so that
 * lookups by name and renders read one small file, never the blob.
 *
 * @param blobSize bytes of the uncompressed tar in {@code blobs/}
 * @param treeSize bytes of the files in {@code tree/<id>/rootfs}, 0 until rendered
 * @param source   where the image came from (a path, a URL)
 * @param format   null for an ACI (its blob is {@code blobs/<id>}), {@code oci} for an OCI or Docker image
 * @param blobs    of an OCI image: the store names of its manifest, config and layers, in that
 *                 order; layers are applied in list order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImageRecord(String id, String name, List<NameValue> labels, String importTime, String lastUsed,
                   long blobSize, long treeSize, String source, JsonNode manifest, String format, List<String> blobs) {
    static final String OCI = "oci";

    static ImageRecord of(String id, ImageManifest m, long blobSize, String source, Instant now) {
        return new ImageRecord(id, m.name(), m.labels() == null ? List.of() : m.labels(), now.toString(),
                now.toString(), blobSize, 0, source, Manifests.mapper().valueToTree(m), null, null);
    }

    static ImageRecord oci(String id, ImageManifest m, long blobSize, long treeSize, String source, Instant now, List<String> blobs) {
        return new ImageRecord(id, m.name(), m.labels() == null ? List.of() : m.labels(), now.toString(),
                now.toString(), blobSize, treeSize, source, Manifests.mapper().valueToTree(m), OCI, List.copyOf(blobs));
    }

    ImageRecord usedAt(Instant when) {
        return new ImageRecord(id, name, labels, importTime, when.toString(), blobSize, treeSize, source, manifest, format, blobs);
    }

    ImageRecord rendered(long bytes) {
        return new ImageRecord(id, name, labels, importTime, lastUsed, blobSize, bytes, source, manifest, format, blobs);
    }

    boolean layered() {
        return OCI.equals(format);
    }

    /** Every blob the image needs, by store name. */
    List<String> blobNames() {
        return layered() ? blobs : List.of(id);
    }

    /** An OCI image's layers, in the order they are applied. */
    List<String> layers() {
        return layered() ? blobs.subList(2, blobs.size()) : List.of();
    }

    Instant imported() {
        return Instant.parse(importTime);
    }

    ImageManifest imageManifest() {
        try {
            return Manifests.mapper().treeToValue(manifest, ImageManifest.class);
        } catch (IOException e) {
            throw RktException.wrap("index record of " + id + " holds an unreadable manifest", e);
        }
    }

    ImageInfo info() {
        return new ImageInfo(id, name, labels, imported(), Instant.parse(lastUsed), blobSize + treeSize);
    }
}
