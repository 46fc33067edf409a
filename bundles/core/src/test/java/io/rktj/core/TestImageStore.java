package io.rktj.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.NameValue;

/**
 * A stand-in for the image-store bundle's service: images are added from a manifest alone and
 * "rendered" as an empty rootfs directory. It does what the contract says for what core calls.
 */
final class TestImageStore implements ImageStore {
    private final Path trees;
    private final Map<String, ImageManifest> manifests = new LinkedHashMap<>();
    final List<String> touched = new CopyOnWriteArrayList<>();

    TestImageStore(Path trees) {
        this.trees = trees;
    }

    /** Adds an image whose manifest is this JSON; returns its id. */
    synchronized String add(String manifestJson) {
        ImageManifest m = Manifests.readImageManifest(manifestJson.getBytes(StandardCharsets.UTF_8));
        String id = "sha512-" + HexFormat.of().formatHex(Integer.toString(manifests.size() + 1).repeat(8).getBytes(StandardCharsets.UTF_8));
        manifests.put(id, m);
        return id;
    }

    String addApp(String name, String exec) {
        return add("{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"" + name + "\","
                + "\"labels\":[{\"name\":\"version\",\"value\":\"1.0\"}],"
                + "\"app\":{\"exec\":[\"" + exec + "\"],\"user\":\"0\",\"group\":\"0\"}}");
    }

    @Override
    public ImageInfo importAci(InputStream aci, String source) {
        throw new UnsupportedOperationException("the test store holds only images added by the test");
    }

    @Override
    public synchronized Optional<ImageInfo> byId(String idOrPrefix) {
        return manifests.keySet().stream().filter(id -> id.startsWith(idOrPrefix)).findFirst().map(this::info);
    }

    @Override
    public synchronized Optional<ImageInfo> byName(String name, List<NameValue> labels) {
        List<String> ids = new ArrayList<>(manifests.keySet());
        for (int i = ids.size() - 1; i >= 0; i--) {
            ImageManifest m = manifests.get(ids.get(i));
            if (m.name().equals(name) && labels.stream().allMatch(l -> m.label(l.name()).map(l.value()::equals).orElse(false))) {
                return Optional.of(info(ids.get(i)));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<ImageInfo> list() {
        return manifests.keySet().stream().map(this::info).toList();
    }

    @Override
    public synchronized ImageManifest manifest(String id) {
        return manifests.get(id);
    }

    @Override
    public synchronized Path render(String id) {
        if (!manifests.containsKey(id)) {
            throw new IllegalArgumentException("no image " + id);
        }
        Path tree = trees.resolve(id);
        try {
            Files.createDirectories(tree.resolve("rootfs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    @Override
    public void touch(String id) {
        touched.add(id);
    }

    @Override
    public synchronized void remove(String id) {
        manifests.remove(id);
    }

    private ImageInfo info(String id) {
        ImageManifest m = manifests.get(id);
        return new ImageInfo(id, m.name(), m.labels(), Instant.EPOCH, Instant.EPOCH, 0);
    }

    @Override
    public ImageInfo importOci(io.rktj.api.image.OciImageRef image, io.rktj.api.image.OciSource source,
            io.rktj.api.image.FetchProgress progress) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public List<String> gc() {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public List<String> verify() {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public void exportAci(String id, java.io.OutputStream out) {
        throw new UnsupportedOperationException("not used by these tests");
    }
}
