package io.rktj.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
record ImageRecord(String id, String name, List<NameValue> labels, String importTime, String lastUsed,
                   long blobSize, long treeSize, String source, JsonNode manifest, String format, List<String> blobs) {
    static final String OCI = "oci";

    static ImageRecord of(String id, ImageManifest m, long blobSize, String source, Instant now) {
        return new ImageRecord(id, m.name(), m.labels() == null ? List.of() : m.labels(), now.toString(),
                now.toString(), blobSize, 0, source, Manifests.toTree(m), null, null);
    }

    static ImageRecord oci(String id, ImageManifest m, long blobSize, long treeSize, String source, Instant now, List<String> blobs) {
        return new ImageRecord(id, m.name(), m.labels() == null ? List.of() : m.labels(), now.toString(),
                now.toString(), blobSize, treeSize, source, Manifests.toTree(m), OCI, List.copyOf(blobs));
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
            return Manifests.imageManifest(manifest);
        } catch (RuntimeException e) {
            throw new RktException("index record of " + id + " holds an unreadable manifest: " + e.getMessage(), e);
        }
    }

    /**
     * The record as JSON, mapped by hand: Jackson's bean binding would introspect the record in
     * every process that reads the index. Null fields are left out.
     */
    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("name", name);
        ArrayNode l = o.putArray("labels");
        for (NameValue nv : labels) {
            l.addObject().put("name", nv.name()).put("value", nv.value());
        }
        o.put("importTime", importTime);
        o.put("lastUsed", lastUsed);
        o.put("blobSize", blobSize);
        o.put("treeSize", treeSize);
        if (source != null) {
            o.put("source", source);
        }
        o.set("manifest", manifest);
        if (format != null) {
            o.put("format", format);
        }
        if (blobs != null) {
            ArrayNode b = o.putArray("blobs");
            for (String blob : blobs) {
                b.add(blob);
            }
        }
        return o;
    }

    /** A record read back from {@link #toJson()}; fields it lacks are an error naming them. */
    static ImageRecord fromJson(JsonNode o) {
        List<NameValue> labels = new ArrayList<>();
        for (JsonNode l : o.path("labels")) {
            labels.add(new NameValue(text(l, "name"), text(l, "value")));
        }
        JsonNode manifest = o.get("manifest");
        if (manifest == null || !manifest.isObject()) {
            throw new IllegalArgumentException("manifest: missing");
        }
        List<String> blobs = null;
        if (o.path("blobs").isArray()) {
            blobs = new ArrayList<>();
            for (JsonNode b : o.get("blobs")) {
                blobs.add(b.asText());
            }
            blobs = List.copyOf(blobs);
        }
        return new ImageRecord(required(o, "id"), required(o, "name"), labels, required(o, "importTime"),
                required(o, "lastUsed"), o.path("blobSize").asLong(), o.path("treeSize").asLong(),
                text(o, "source"), manifest, text(o, "format"), blobs);
    }

    private static String required(JsonNode o, String field) {
        String v = text(o, field);
        if (v == null) {
            throw new IllegalArgumentException(field + ": missing");
        }
        return v;
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    ImageInfo info() {
        return new ImageInfo(id, name, labels, imported(), Instant.parse(lastUsed), blobSize + treeSize);
    }
}
