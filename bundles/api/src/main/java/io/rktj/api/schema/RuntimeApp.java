package io.rktj.api.schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One app of a pod: its name, its image, and the app definition that replaces the image's. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuntimeApp(
        String name,
        RuntimeImage image,
        App app,
        @JsonProperty("readOnlyRootFS") Boolean readOnlyRootFS,
        List<Mount> mounts,
        List<NameValue> annotations) {
}
