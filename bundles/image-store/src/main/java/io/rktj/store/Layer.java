package io.rktj.store;

import io.rktj.api.schema.ImageManifest;

/**
 * One image in a flattened dependency tree.
 *
 * @param level  0 for the image asked for, 1 for its dependencies, ...
 * @param parent the image that depends on this one, null at level 0
 */
record Layer(ImageRecord image, ImageManifest manifest, int level, Layer parent) {
    String id() {
        return image.id();
    }
}
