package io.rktj.api.schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An image this image is layered on. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Dependency(String imageName, String imageID, List<NameValue> labels, Long size) {
}
