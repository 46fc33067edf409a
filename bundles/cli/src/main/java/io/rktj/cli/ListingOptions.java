package io.rktj.cli;

import io.rktj.cli.format.OutputFormat;
import picocli.CommandLine.Option;

/** The output flags that rkt's list and image list share. */
final class ListingOptions {
    @Option(names = "--no-legend", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "suppress a legend with the list")
    boolean noLegend;

    @Option(names = "--full", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "use long output format")
    boolean full;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "", converter = FormatConverter.class,
            description = "choose the output format: json, json-pretty; by default a table")
    OutputFormat format;

    boolean table() {
        return format == OutputFormat.TABBED;
    }

    boolean pretty() {
        return format == OutputFormat.JSON_PRETTY;
    }
}
