package io.rktj.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A path in an app's rootfs where the image expects a volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MountPoint(String name, String path, Boolean readOnly) {
}
