package io.rktj.api.image;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.NameValue;

/**
 * The content-addressed image store and its tree store of rendered images. Crash-safe: what it
 * shows as present is complete.
 */
@ProviderType
public interface ImageStore {

    /**
     * Imports an ACI (plain, gzip, bzip2 or xz) from a stream; the id is sha512 of the
     * uncompressed tar. Importing an image already present only returns it.
     */
    ImageInfo importAci(InputStream aci, String source);

    /** Finds by id ({@code sha512-…} or a unique prefix). */
    Optional<ImageInfo> byId(String idOrPrefix);

    /** Finds the newest image with this name whose labels include the given ones. */
    Optional<ImageInfo> byName(String name, List<NameValue> labels);

    List<ImageInfo> list();

    ImageManifest manifest(String id);

    /**
     * Returns the rendered tree of the image with its dependencies applied: a directory holding
     * {@code rootfs/}. Renders once, then reuses.
     */
    Path render(String id);

    /** Records that a pod used the image now. */
    void touch(String id);

    /** Removes an image and its rendered tree. */
    void remove(String id);
}
