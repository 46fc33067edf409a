package io.rktj.fetch.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.api.RktException;
import io.rktj.api.schema.Manifests;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.image.OciImageRef;
import io.rktj.api.schema.NameValue;

/**
 * {@code oci:PATH[:TAG]} (an OCI image layout directory) and {@code oci-archive:PATH[:TAG]} (a tar
 * of one). The tag is the {@code org.opencontainers.image.ref.name} annotation in
 * {@code index.json}; without one, a layout holding a single image gives that image.
 */
@Component(service = ImageFetcher.class, property = ImageFetcher.SCHEMES_PROPERTY + "=oci,oci-archive")
public final class OciLayoutFetcher implements ImageFetcher {
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    @Override
    public boolean accepts(String imageRef) {
        return OciLayoutRef.accepts(imageRef);
    }

    @Override
    public ImageInfo fetch(String imageRef, ImportOptions options, ImageStore store) {
        OciLayoutRef ref = OciLayoutRef.parse(imageRef);
        if (ref.archive() ? !Files.isRegularFile(ref.path()) : !Files.isDirectory(ref.path())) {
            throw new RktException("fetch " + imageRef + ": no such " + (ref.archive() ? "file" : "directory") + " " + ref.path());
        }
        try (LayoutContent content = ref.archive() ? LayoutContent.archive(ref.path()) : LayoutContent.directory(ref.path())) {
            JsonNode descriptor = find(Manifests.readTree(content.file("index.json")), ref.tag());
            String digest = descriptor.path("digest").asText();
            String tag = ref.tag() != null ? ref.tag() : descriptor.path("annotations").path(REF_NAME).asText("latest");
            String name = ref.imageName();
            if (!"update".equals(options.pullPolicy())) {
                var have = store.byId("sha256-" + digest.replaceFirst("^sha256:", ""));
                if (have.isPresent()) {
                    return have.get();
                }
                if ("never".equals(options.pullPolicy())) {
                    throw new RktException("fetch " + imageRef + ": not in the store and --pull-policy=never");
                }
            }
            byte[] manifest = content.manifest(digest);
            List<NameValue> labels = List.of(new NameValue("version", tag));
            OciImageRef image = new OciImageRef(name, labels, digest, manifest, List.of(), imageRef);
            return store.importOci(image, content, options.progress());
        } catch (NoSuchFileException e) {
            throw new RktException("fetch " + imageRef + ": not an OCI image layout: " + e.getFile() + " is missing", e);
        } catch (IOException e) {
            throw RktException.wrap("fetch " + imageRef, e);
        } catch (RktException e) {
            throw e.getMessage().startsWith("fetch ") ? e : new RktException("fetch " + imageRef + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode find(JsonNode index, String tag) {
        List<JsonNode> all = new ArrayList<>();
        index.path("manifests").forEach(all::add);
        if (tag == null) {
            if (all.size() == 1) {
                return all.get(0);
            }
            tag = "latest";
        }
        for (JsonNode m : all) {
            if (tag.equals(m.path("annotations").path(REF_NAME).asText(null))) {
                return m;
            }
        }
        throw new RktException("no image tagged \"" + tag + "\" in the layout");
    }
}
