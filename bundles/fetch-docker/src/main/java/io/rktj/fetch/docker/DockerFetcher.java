package io.rktj.fetch.docker;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.image.OciImageRef;
import io.rktj.api.schema.NameValue;

/**
 * {@code docker://} images from a registry, imported layer by layer into the store (no squashing
 * into one ACI as docker2aci did). The image is named as docker2aci named it
 * ({@code registry-1.docker.io/library/busybox}, label {@code version} = the tag). Plain http
 * only with {@code --insecure-options=http}.
 */
@Component(service = ImageFetcher.class, property = ImageFetcher.SCHEMES_PROPERTY + "=docker")
public final class DockerFetcher implements ImageFetcher {
    private final List<Path> configDirs;
    /** Made at the first fetch: every rkt command activates this component, few of them fetch. */
    private HttpClient http;

    @Activate
    public DockerFetcher(BundleContext context) {
        this(List.of(Path.of(property(context, "rkt.system-config", "/usr/lib/rkt")),
                Path.of(property(context, "rkt.local-config", "/etc/rkt"))));
    }

    /** @param configDirs where auth.d is looked for, later ones winning (system, then local) */
    public DockerFetcher(List<Path> configDirs) {
        this.configDirs = configDirs;
    }

    private static String property(BundleContext context, String key, String fallback) {
        String v = context.getProperty(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private synchronized HttpClient httpClient() {
        if (http == null) {
            http = RegistryClient.newHttpClient();
        }
        return http;
    }

    @Override
    public boolean accepts(String imageRef) {
        return imageRef.startsWith(DockerRef.SCHEME);
    }

    @Override
    public ImageInfo fetch(String imageRef, ImportOptions options, ImageStore store) {
        DockerRef ref = DockerRef.parse(imageRef);
        List<NameValue> labels = ref.tag() == null ? List.of() : List.of(new NameValue("version", ref.tag()));
        if (!"update".equals(options.pullPolicy())) {
            Optional<ImageInfo> have = ref.digest() != null
                    ? store.byId("sha256-" + ref.digest().substring(7))
                    : store.byName(ref.imageName(), labels);
            if (have.isPresent()) {
                return have.get();
            }
            if ("never".equals(options.pullPolicy())) {
                throw new RktException("fetch " + imageRef + ": not in the store and --pull-policy=never");
            }
        }
        RegistryClient registry = new RegistryClient(httpClient(), ref, options.insecure("http") ? "http" : "https",
                DockerAuth.read(configDirs).forRegistry(ref));
        try {
            RegistryClient.Manifest m = registry.fetchManifest(ref.reference());
            List<NameValue> annotations = new ArrayList<>();
            annotations.add(new NameValue("appc.io/docker/registryurl", ref.registry()));
            annotations.add(new NameValue("appc.io/docker/repository", ref.repository()));
            annotations.add(new NameValue("appc.io/docker/manifestdigest", m.digest()));
            if (ref.tag() != null) {
                annotations.add(new NameValue("appc.io/docker/tag", ref.tag()));
            }
            return store.importOci(new OciImageRef(ref.imageName(), labels, m.digest(), m.bytes(), annotations, imageRef),
                    registry, options.progress());
        } catch (IOException e) {
            throw RegistryClient.wrap(imageRef, e);
        } catch (RktException e) {
            throw new RktException("fetch " + imageRef + ": " + e.getMessage(), e);
        }
    }
}
