package io.rktj.api.schema;

/** A {name, value} pair: labels, annotations and environment variables share this shape. */
public record NameValue(String name, String value) {
}
