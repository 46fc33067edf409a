package io.rktj.api.schema;

import com.fasterxml.jackson.databind.JsonNode;

/** An appc isolator: a well-known name and a JSON value whose shape depends on the name. */
public record Isolator(String name, JsonNode value) {
}
