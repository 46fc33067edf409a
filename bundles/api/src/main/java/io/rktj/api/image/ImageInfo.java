package io.rktj.api.image;

import java.time.Instant;
import java.util.List;

import io.rktj.api.schema.NameValue;

/**
 * An image in the store.
 *
 * @param id   {@code sha512-<hex>} for ACIs, {@code sha256-<hex>} (the manifest's digest) for OCI and Docker images
 * @param size bytes the image takes in the store
 */
public record ImageInfo(String id, String name, List<NameValue> labels, Instant importTime, Instant lastUsed, long size) {
}
