package io.rktj.core;

import io.rktj.api.image.ImageInfo;
import io.rktj.api.pod.AppRequest;
import io.rktj.api.schema.ImageManifest;

/** One app of a pod being prepared, with its image found in the store. */
record ResolvedApp(AppRequest request, ImageInfo image, ImageManifest manifest) {
}
