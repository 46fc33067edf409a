package io.rktj.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A host port forwarded to an app's declared port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExposedPort(String name, Integer hostPort, String hostIP, Integer podPort) {
}
