package io.rktj.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A port an app declares. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Port(String name, String protocol, Integer port, Integer count, Boolean socketActivated) {
}
