package io.rktj.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which entries of one layer reach the rendered tree under appc's pathWhitelist rules: an
 * image's own whitelist keeps only the listed non-directories of that image (its directories
 * stay), and the whitelist of every image above it in its branch is the complete list of paths
 * allowed from below, directories included.
 */
final class LayerFilter {
    private final Set<String> own;
    private final List<Set<String>> fromAbove;

    private LayerFilter(Set<String> own, List<Set<String>> fromAbove) {
        this.own = own;
        this.fromAbove = fromAbove;
    }

    static LayerFilter of(List<Layer> layers, int position) {
        Layer layer = layers.get(position);
        List<Set<String>> above = new ArrayList<>();
        for (Layer l = layer.parent(); l != null; l = l.parent()) {
            Set<String> w = whitelist(l);
            if (w != null) {
                above.add(w);
            }
        }
        return new LayerFilter(whitelist(layer), above);
    }

    /** The whitelist as cleaned archive names, or null if the image has none. */
    static Set<String> whitelist(Layer l) {
        List<String> pwl = l.manifest().pathWhitelist();
        if (pwl == null || pwl.isEmpty()) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (String p : pwl) {
            names.add(TarPath.fromWhitelist(p));
        }
        return names;
    }

    boolean allows(String name, boolean directory) {
        if (name.equals(TarPath.ROOTFS)) {
            return true;
        }
        if (own != null && !directory && !own.contains(name)) {
            return false;
        }
        for (Set<String> w : fromAbove) {
            if (!w.contains(name)) {
                return false;
            }
        }
        return true;
    }
}
