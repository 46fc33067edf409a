package io.rktj.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.NameValue;

/** An image store held in memory, for the commands that list, find and remove images. */
final class FakeStore implements ImageStore {
    final List<ImageInfo> images = new ArrayList<>();
    final List<String> removed = new ArrayList<>();

    @Override
    public ImageInfo importAci(InputStream aci, String source) {
        throw new UnsupportedOperationException("not used by the CLI");
    }

    @Override
    public Optional<ImageInfo> byId(String idOrPrefix) {
        List<ImageInfo> m = images.stream().filter(i -> i.id().startsWith(idOrPrefix)).toList();
        if (m.size() > 1) {
            throw new RktException("ambiguous image id " + idOrPrefix);
        }
        return m.stream().findFirst();
    }

    @Override
    public Optional<ImageInfo> byName(String name, List<NameValue> labels) {
        return images.stream().filter(i -> i.name().equals(name) && i.labels().containsAll(labels)).findFirst();
    }

    @Override
    public List<ImageInfo> list() {
        return List.copyOf(images);
    }

    @Override
    public ImageManifest manifest(String id) {
        throw new UnsupportedOperationException("not used by the CLI");
    }

    @Override
    public Path render(String id) {
        throw new UnsupportedOperationException("not used by the CLI");
    }

    @Override
    public void touch(String id) {
        throw new UnsupportedOperationException("not used by the CLI");
    }

    @Override
    public void remove(String id) {
        removed.add(id);
        images.removeIf(i -> i.id().equals(id));
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
