package io.rktj.api.image;

import java.util.List;

import io.rktj.api.schema.NameValue;

/**
 * An OCI or Docker image to import: the manifest (or index, resolved to the host's platform by
 * the store) a fetcher found for a reference, and the name it maps to.
 *
 * @param name        the appc name the image gets ({@code registry-1.docker.io/library/busybox})
 * @param labels      appc labels, at least {@code version} = the tag
 * @param digest      {@code sha256:<hex>} of {@code manifest}
 * @param manifest    the manifest or index bytes exactly as served
 * @param annotations added to the image manifest (where the image came from)
 * @param source      the reference as the user gave it
 */
public record OciImageRef(String name, List<NameValue> labels, String digest, byte[] manifest,
                          List<NameValue> annotations, String source) {
}
