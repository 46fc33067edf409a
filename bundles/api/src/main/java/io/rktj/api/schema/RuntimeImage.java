package io.rktj.api.schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The image an app of a pod runs: always resolved to an id before the pod runs. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuntimeImage(String name, String id, List<NameValue> labels) {
}
