package io.rktj.fetch.aci;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.schema.Dependency;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.ImageName;
import io.rktj.api.schema.NameValue;
import io.rktj.api.schema.SchemaException;

/**
 * Fetches ACIs: local files ({@code ./x.aci}, {@code /abs/x.aci}, {@code file:///abs/x.aci}),
 * http(s) URLs, and appc image names by meta discovery, with the dependencies their manifests
 * name. Each image must come with a detached OpenPGP signature ({@code x.aci.asc}) by a key
 * trusted for its name, unless --insecure-options=image. Everything is downloaded and checked
 * before the first image goes into the store; dependencies go in before the images that need
 * them.
 */
@Component(service = ImageFetcher.class, property = {
    ImageFetcher.SCHEMES_PROPERTY + "=file",
    ImageFetcher.SCHEMES_PROPERTY + "=http",
    ImageFetcher.SCHEMES_PROPERTY + "=https",
    ImageFetcher.SCHEMES_PROPERTY + "=appc"})
public final class AciFetcher implements ImageFetcher {
    /** Deeper dependency chains than this are taken for a loop. */
    private static final int MAX_DEPTH = 16;

    private final Path dataDir;
    private final TrustStore trust;
    private final PrintStream notes;

    @Activate
    public AciFetcher(BundleContext context) {
        this(Path.of(Config.property(context, "rkt.dir", "/var/lib/rkt")), Config.systemConfig(context),
                Config.localConfig(context), System.err);
    }

    /** Outside OSGi (tests): the data dir, both config dirs, and where to report verified signers. */
    public AciFetcher(Path dataDir, Path systemConfig, Path localConfig, PrintStream notes) {
        this.dataDir = dataDir;
        this.trust = new TrustStore(systemConfig, localConfig);
        this.notes = notes;
    }

    @Override
    public boolean accepts(String imageRef) {
        ImageRef ref = ImageRef.classify(imageRef);
        ImageRef.Kind kind = ref.kind();
        if (kind == ImageRef.Kind.FILE) {
            // a directory is not an image: leave it to whoever serves directories (oci layouts)
            try {
                return !Files.isDirectory(Path.of(ref.value()));
            } catch (InvalidPathException e) {
                return true;
            }
        }
        return kind == ImageRef.Kind.HTTP || kind == ImageRef.Kind.NAME && isName(imageRef);
    }

    private static boolean isName(String ref) {
        try {
            ImageName.parse(ref);
            return true;
        } catch (SchemaException e) {
            return false;
        }
    }

    @Override
    public ImageInfo fetch(String imageRef, ImportOptions options, ImageStore store) {
        ImageRef ref = ImageRef.classify(imageRef);
        Session s = new Session(options, store);
        try {
            Pending main = switch (ref.kind()) {
                case FILE -> s.file(ref.value());
                case HTTP -> s.url(uri(ref.value()), null, null);
                case NAME -> s.name(ImageName.parse(ref.value()));
                case OTHER -> throw new Refused("not an ACI file, URL or image name");
            };
            if (main.existing() == null) {
                s.dependencies(main, 0);
            }
            ImageInfo info = s.commit(main);
            s.notes.forEach(notes::println);
            return info;
        } catch (Refused e) {
            throw new RktException("fetch " + imageRef + ": " + e.getMessage());
        } catch (SchemaException e) {
            throw new RktException("fetch " + imageRef + ": " + e.getMessage(), e);
        } catch (RktException e) {
            throw new RktException("fetch " + imageRef + ": " + e.getMessage(), e);
        } catch (IOException e) {
            // a partial download stays for the next fetch to resume
            throw RktException.wrap("fetch " + imageRef, e);
        } finally {
            s.deleteTemporary();
        }
    }

    private static URI uri(String s) throws Refused {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new Refused("invalid URL: " + e.getMessage());
        }
    }

    /** One line saying why an image is refused. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * An image ready to go into the store: a checked file (and the remote record to write once it
     * is in), or one that is there already.
     */
    private record Pending(String source, Path file, ImageManifest manifest, String id,
            ImageInfo existing, RemoteCache.Remote remote) {
    }

    /** One fetch: what it has downloaded and checked so far, dependencies first. */
    private final class Session {
        final ImportOptions options;
        final ImageStore store;
        final boolean checkSignatures;
        final Http http;
        final RemoteCache cache = new RemoteCache(dataDir);
        final List<Pending> order = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        /** Finished downloads, deleted when the fetch ends, imported or not. */
        final List<Path> temporary = new ArrayList<>();

        Session(ImportOptions options, ImageStore store) {
            this.options = options == null ? new ImportOptions(Set.of(), "new") : options;
            this.store = store;
            this.checkSignatures = !this.options.insecure("image");
            this.http = new Http(this.options.insecure("tls"));
        }

        String policy() {
            return options.pullPolicy() == null ? "new" : options.pullPolicy();
        }

        Pending file(String path) throws Refused, IOException {
            Path file;
            try {
                file = Path.of(path);
            } catch (InvalidPathException e) {
                throw new Refused("invalid path");
            }
            if (!Files.exists(file)) {
                throw new Refused("no such file");
            }
            if (!Files.isRegularFile(file)) {
                throw new Refused("not a regular file");
            }
            AciContent content = content(file);
            if (checkSignatures) {
                Path asc = Path.of(ascPath(file.toString()));
                byte[] signature;
                try {
                    signature = Files.readAllBytes(asc);
                } catch (NoSuchFileException e) {
                    throw new Refused("no signature file " + asc + " (a trusted signature is required;"
                            + " rerun with --insecure-options=image to fetch it without one)");
                }
                verify(file, signature, content.manifest().name());
            }
            return new Pending(file.toAbsolutePath().normalize().toString(), file, content.manifest(),
                    content.id(), null, null);
        }

        /**
         * An image from a URL. {@code ascUri} null: the signature is beside the image
         * ({@code .aci.asc}). {@code wanted} non-null: the name (and labels) it must have.
         */
        Pending url(URI uri, URI ascUri, ImageName wanted) throws Refused, IOException {
            String url = uri.toString();
            URI sigUri = ascUri != null ? ascUri : uri(ascPath(url));
            Optional<RemoteCache.Remote> remote = cache.get(url);
            Optional<ImageInfo> cached = remote.flatMap(r -> store.byId(r.blobKey()));
            if (cached.isPresent()) {
                if (!policy().equals("update") || remote.get().fresh(Instant.now())) {
                    return existing(cached.get());
                }
            } else if (policy().equals("never")) {
                throw new Refused("not in the store and --pull-policy=never");
            }
            byte[] signature = null;
            if (checkSignatures) {
                try {
                    signature = http.getSmall(sigUri);
                } catch (IOException e) {
                    throw new Refused("cannot get the signature " + sigUri + ": " + e.getMessage()
                            + " (rerun with --insecure-options=image to fetch the image without one)");
                }
            }
            Path done = cache.done(url);
            temporary.add(done);
            Download d = Download.fetch(http, uri, cached.map(c -> remote.get().etag()).orElse(null), cache.partial(url),
                    done);
            if (d.notModified()) {
                RemoteCache.Remote r = remote.get();
                cache.put(new RemoteCache.Remote(url, sigUri.toString(), d.etag(), r.blobKey(), d.maxAge(),
                        Instant.now().toString()));
                return existing(cached.get());
            }
            // a complete download that is refused is deleted with the other temporary files
            AciContent content = content(done);
            if (wanted != null) {
                checkName(content.manifest(), wanted);
            }
            if (signature != null) {
                verify(done, signature, content.manifest().name());
            }
            RemoteCache.Remote record = new RemoteCache.Remote(url, sigUri.toString(), d.etag(), null, d.maxAge(),
                    Instant.now().toString());
            return new Pending(url, done, content.manifest(), content.id(), null, record);
        }

        /** An image by name: from the store (pull policy new or never), else by meta discovery. */
        Pending name(ImageName name) throws Refused, IOException {
            if (!policy().equals("update")) {
                Optional<ImageInfo> inStore = store.byName(name.name(), name.labels());
                if (inStore.isPresent()) {
                    return existing(inStore.get());
                }
                if (policy().equals("never")) {
                    throw new Refused("not in the store and --pull-policy=never");
                }
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("version", "latest");
            labels.put("os", "linux");
            labels.put("arch", arch());
            name.labels().forEach(l -> labels.put(l.name(), l.value()));
            Discovery.Endpoint at = new Discovery(http, options.insecure("http")).image(name.name(), labels);
            if (checkSignatures && options.trustKeysFromHttps() && !options.insecure("tls")) {
                trustKeysFromHttps(name.name());
            }
            return url(at.aci(), at.asc(), name);
        }

        /**
         * --trust-keys-from-https, as rkt's name fetcher did: the keys the name publishes
         * ({@code ac-discovery-pubkeys}) are fetched over https with the certificate checked and
         * trusted for the name, without fingerprint review. A failure is reported and the fetch goes
         * on: a key trusted before may still verify the image.
         */
        private void trustKeysFromHttps(String prefix) {
            List<String> locations;
            try {
                locations = new Discovery(http, false).keys(prefix);
            } catch (IOException e) {
                AciFetcher.this.notes.println("error determining key location: " + e.getMessage());
                return;
            }
            for (String location : locations) {
                if (!location.startsWith("https://")) {
                    AciFetcher.this.notes.println("error adding keys: " + location + " is not an https URL");
                    continue;
                }
                try {
                    byte[] armored = http.getSmall(new URI(location));
                    Keyring.describe(location, armored);
                    AciFetcher.this.notes.println("Trusting \"" + location + "\" for prefix \"" + prefix
                            + "\" without fingerprint review.");
                    Path path = trust.store(armored, prefix);
                    AciFetcher.this.notes.println("Added key for prefix \"" + prefix + "\" at \"" + path + "\"");
                } catch (IOException | URISyntaxException | RuntimeException e) {
                    AciFetcher.this.notes.println("error adding keys: " + location + ": " + e.getMessage());
                }
            }
        }

        /** Queues the image's dependencies (and theirs) before it, fetching those not in the store. */
        void dependencies(Pending image, int depth) throws Refused, IOException {
            List<Dependency> deps = image.manifest().dependencies();
            if (deps != null) {
                if (depth >= MAX_DEPTH) {
                    throw new Refused("dependencies nested deeper than " + MAX_DEPTH + " (a loop?)");
                }
                for (Dependency dep : deps) {
                    dependency(dep, depth);
                }
            }
            if (image.existing() == null && seen.add(image.id())) {
                order.add(image);
            }
        }

        private void dependency(Dependency dep, int depth) throws Refused, IOException {
            List<NameValue> labels = dep.labels() == null ? List.of() : dep.labels();
            if (dep.imageID() != null && !dep.imageID().isEmpty()) {
                if (store.byId(dep.imageID()).isPresent() || queued(dep.imageID())) {
                    return;
                }
            } else if (store.byName(dep.imageName(), labels).isPresent()) {
                return;
            }
            Pending p;
            try {
                p = name(new ImageName(dep.imageName(), labels));
            } catch (Refused | IOException e) {
                throw new Refused("dependency " + dep.imageName() + ": " + e.getMessage());
            }
            if (dep.imageID() != null && !dep.imageID().isEmpty()) {
                String id = p.existing() != null ? p.existing().id() : p.id();
                if (!id.startsWith(dep.imageID())) {
                    throw new Refused("dependency " + dep.imageName() + ": image id " + id + " is not the " + dep.imageID()
                            + " the manifest asks for");
                }
            }
            if (p.existing() == null) {
                dependencies(p, depth + 1);
            }
        }

        private boolean queued(String id) {
            return order.stream().anyMatch(p -> p.id().startsWith(id));
        }

        Pending existing(ImageInfo info) {
            return new Pending(null, null, null, info.id(), info, null);
        }

        void verify(Path file, byte[] signature, String name) throws Refused, IOException {
            try {
                List<String> signer = SignatureCheck.verify(trust.keysFor(name), name, file, signature);
                StringBuilder note = new StringBuilder("image: signature verified:");
                signer.forEach(id -> note.append("\n  ").append(id));
                notes.add(note.toString());
            } catch (SignatureCheck.Refused e) {
                throw new Refused("signature verification failed: " + e.getMessage());
            }
        }

        void deleteTemporary() {
            for (Path p : temporary) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left in cas/remote/partial; harmless, and named by its process
                }
            }
        }

        /** Imports the queued images, dependencies first; returns the main image. */
        ImageInfo commit(Pending main) throws IOException {
            if (main.existing() != null) {
                return main.existing();
            }
            ImageInfo last = null;
            for (Pending p : order) {
                try (InputStream in = Files.newInputStream(p.file())) {
                    last = store.importAci(in, p.source());
                }
                if (p.remote() != null) {
                    RemoteCache.Remote r = p.remote();
                    cache.put(new RemoteCache.Remote(r.aciURL(), r.sigURL(), r.etag(), last.id(), r.cacheMaxAge(),
                            r.downloadTime()));
                }
            }
            return last;
        }
    }

    private static AciContent content(Path file) throws Refused {
        try {
            return AciContent.read(file);
        } catch (IOException e) {
            throw new Refused(e.getMessage() == null ? "not an ACI" : e.getMessage());
        }
    }

    private static void checkName(ImageManifest manifest, ImageName wanted) throws Refused {
        if (!wanted.name().equals(manifest.name())) {
            throw new Refused("the image found is named \"" + manifest.name() + "\", not \"" + wanted.name() + "\"");
        }
        for (NameValue l : wanted.labels()) {
            Optional<String> has = manifest.label(l.name());
            if (has.isPresent() && !has.get().equals(l.value())) {
                throw new Refused("the image found has " + l.name() + "=" + has.get() + ", not " + l.value());
            }
        }
    }

    /** rkt's rule: {@code x.aci} and {@code x} are signed by {@code x.aci.asc}. */
    static String ascPath(String imagePath) {
        String base = imagePath.endsWith(".aci") ? imagePath.substring(0, imagePath.length() - 4) : imagePath;
        int query = base.indexOf('?');
        if (query >= 0 && base.contains("://")) {
            String path = base.substring(0, query);
            path = path.endsWith(".aci") ? path.substring(0, path.length() - 4) : path;
            return path + ".aci.asc" + base.substring(query);
        }
        return base + ".aci.asc";
    }

    /** appc's name for this machine's architecture. */
    static String arch() {
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "i386";
            default -> a;
        };
    }
}
