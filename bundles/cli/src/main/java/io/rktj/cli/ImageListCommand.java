package io.rktj.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.cli.format.ImageListing;
import io.rktj.cli.format.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List images in the local store.")
final class ImageListCommand implements Callable<Integer> {
    @Option(names = "--fields", paramLabel = "FIELDS", defaultValue = "id,name,size,importtime,lastused",
            description = "comma-separated list of fields to display. Accepted values: id, name, size, importtime, lastused")
    String fields;

    @Option(names = "--no-legend", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "suppress a legend with the list")
    boolean noLegend;

    @Option(names = "--full", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "use long output format")
    boolean full;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "", converter = FormatConverter.class,
            description = "choose the output format: json, json-pretty; by default a table")
    OutputFormat format;

    private final Session session;

    ImageListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        List<String> chosen = parseFields(fields);
        // rkt sorts by import time, oldest first, unless told otherwise
        List<ImageInfo> images = ctx.store().list().stream()
                .sorted(Comparator.comparing(ImageInfo::importTime, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        if (format == OutputFormat.TABBED) {
            ctx.out().print(new ImageListing(full, ctx.clock().instant(), ctx.clock().getZone()).table(images, chosen, !noLegend));
        } else {
            ctx.out().println(ImageListing.json(images, format == OutputFormat.JSON_PRETTY));
        }
        return 0;
    }

    static List<String> parseFields(String value) {
        List<String> chosen = Arrays.stream(value.split(",")).map(String::trim).map(String::toLowerCase).toList();
        for (String f : chosen) {
            if (!ImageListing.FIELDS.containsKey(f)) {
                throw new RktException("unknown field \"" + f + "\" in --fields: accepted values are "
                        + String.join(", ", ImageListing.DEFAULT_FIELDS));
            }
        }
        return chosen;
    }
}
