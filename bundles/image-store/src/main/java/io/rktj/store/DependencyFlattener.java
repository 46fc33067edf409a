package io.rktj.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.rktj.api.RktException;
import io.rktj.api.schema.Dependency;

/**
 * Flattens an image and its dependencies depth-first as appc's renderer does: each image's
 * dependencies are inserted right after it, so A→[B,C], C→[D] gives [A, C, D, B]. The list is
 * ordered from the upper image down; an entry of an earlier image hides the same path in a
 * later one.
 */
final class DependencyFlattener {
    private final ImageIndex index;

    DependencyFlattener(ImageIndex index) {
        this.index = index;
    }

    List<Layer> flatten(ImageRecord top) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer(top, top.imageManifest(), 0, null));
        for (int i = 0; i < layers.size(); i++) {
            Layer current = layers.get(i);
            List<Dependency> deps = current.manifest().dependencies();
            if (deps == null) {
                continue;
            }
            for (Dependency d : deps) {
                ImageRecord dep = resolve(d, current);
                requireNoCycle(dep, current);
                layers.add(i + 1, new Layer(dep, dep.imageManifest(), current.level() + 1, current));
            }
        }
        return layers;
    }

    private ImageRecord resolve(Dependency d, Layer of) {
        Optional<ImageRecord> found = d.imageID() != null && !d.imageID().isEmpty()
                ? index.read(d.imageID())
                : index.byName(d.imageName(), d.labels());
        return found.orElseThrow(() -> new RktException("dependency " + describe(d) + " of " + of.image().name()
                + ": image not found in the store; fetch it first"));
    }

    private static void requireNoCycle(ImageRecord dep, Layer from) {
        for (Layer l = from; l != null; l = l.parent()) {
            if (l.id().equals(dep.id())) {
                throw new RktException("dependency cycle: " + dep.name() + " depends on itself through " + from.image().name());
            }
        }
    }

    private static String describe(Dependency d) {
        StringBuilder s = new StringBuilder(d.imageName());
        if (d.labels() != null && !d.labels().isEmpty()) {
            s.append(d.labels().stream().map(l -> l.name() + "=" + l.value()).collect(Collectors.joining(",", ",", "")));
        }
        if (d.imageID() != null && !d.imageID().isEmpty()) {
            s.append(" (").append(d.imageID()).append(')');
        }
        return s.toString();
    }

}
