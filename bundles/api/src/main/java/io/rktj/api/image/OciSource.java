package io.rktj.api.image;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the store reads an OCI or Docker image's content from: a registry, an image layout
 * directory, an archive. The store checks every digest and size itself, so a source only
 * transports bytes.
 */
@ConsumerType
public interface OciSource {

    /** The manifest or index with this digest ({@code sha256:<hex>}), as served. */
    byte[] manifest(String digest) throws IOException;

    /**
     * The blob with this digest. May be called from several threads at once, one stream per
     * call; the store reads each stream once, to the end, and closes it.
     */
    InputStream blob(String digest, long size) throws IOException;
}
