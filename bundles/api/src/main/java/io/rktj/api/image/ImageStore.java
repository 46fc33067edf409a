package io.rktj.api.image;

import java.io.InputStream;
import java.io.OutputStream;
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

    /**
     * Imports an OCI or Docker image: resolves an index to the host's platform, stores the
     * manifest, config and every layer blob not already present (a layer shared by two images is
     * stored once), fetching several at once, and renders the tree while the layers arrive. Every
     * digest and size is checked; on any error nothing of the image is left in the store. The
     * image id is {@code sha256-<hex>} of the platform manifest. Importing an image already
     * present only returns it.
     *
     * @since 1.1
     */
    ImageInfo importOci(OciImageRef image, OciSource source, FetchProgress progress);

    /** Finds by id ({@code sha512-…}, {@code sha256-…} or a unique prefix). */
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

    /**
     * Removes what no image references: blobs, rendered trees, and leftovers of interrupted
     * work. Returns one line per thing removed.
     *
     * @since 1.1
     */
    List<String> gc();

    /**
     * Re-reads every blob of every image and checks its digest. Returns one line per problem
     * found, empty if the store is sound.
     *
     * @since 1.1
     */
    List<String> verify();

    /**
     * Writes the image as an ACI (an uncompressed tar of {@code manifest} and {@code rootfs/}):
     * an ACI as it was imported, an OCI image from its rendered tree.
     *
     * @since 1.1
     */
    void exportAci(String id, OutputStream out);
}
