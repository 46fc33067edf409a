package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.ImportOptions;

/**
 * Imports local ACI files ({@code ./x.aci}, {@code /abs/x.aci}, {@code file:///abs/x.aci}).
 * Signatures are checked from issue 3 on; until then an image is taken only with
 * {@code --insecure-options=image}, as rkt does for an image without a trusted key.
 */
@Component(service = ImageFetcher.class, property = ImageFetcher.SCHEMES_PROPERTY + "=file")
public final class FileAciFetcher implements ImageFetcher {
    private static final String FILE_URL = "file://";

    @Override
    public boolean accepts(String imageRef) {
        if (imageRef.startsWith(FILE_URL)) {
            return true;
        }
        if (imageRef.contains("://")) {
            return false;
        }
        if (imageRef.endsWith(".aci")) {
            return true;
        }
        try {
            return Files.isRegularFile(Path.of(imageRef));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    @Override
    public ImageInfo fetch(String imageRef, ImportOptions options, ImageStore store) {
        String context = "fetch " + imageRef;
        Path file = path(imageRef, context);
        if (!Files.exists(file)) {
            throw new RktException(context + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new RktException(context + ": not a regular file");
        }
        if (options == null || !options.insecure("image")) {
            throw new RktException(context + ": signature verification is not supported for this image (no trusted key);"
                    + " rerun with --insecure-options=image");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return store.importAci(in, file.toAbsolutePath().normalize().toString());
        } catch (RktException e) {
            throw new RktException(context + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw RktException.wrap(context, e);
        }
    }

    private static Path path(String imageRef, String context) {
        String p = imageRef.startsWith(FILE_URL) ? imageRef.substring(FILE_URL.length()) : imageRef;
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw new RktException(context + ": invalid path", e);
        }
    }
}
