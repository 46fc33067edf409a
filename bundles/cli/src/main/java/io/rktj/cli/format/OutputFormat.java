package io.rktj.cli.format;

/** rkt's --format values: the table or key=value text, json, json-pretty. */
public enum OutputFormat {
    TABBED, JSON, JSON_PRETTY;

    public static OutputFormat parse(String value) {
        return switch (value == null ? "" : value) {
            case "" -> TABBED;
            case "json" -> JSON;
            case "json-pretty" -> JSON_PRETTY;
            default -> throw new IllegalArgumentException("Invalid format option: " + value);
        };
    }
}
