package io.rktj.api.app;

import io.rktj.api.schema.Volume;

/** One volume to mount into the app: the volume, where in the app, and whether read-only. */
public record VolumeMount(Volume volume, String path, boolean readOnly) {
}
