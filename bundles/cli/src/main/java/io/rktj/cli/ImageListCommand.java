package io.rktj.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.cli.format.ImageListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List images in the local store.")
final class ImageListCommand implements Callable<Integer> {
    @Option(names = "--fields", paramLabel = "FIELDS", defaultValue = "id,name,size,importtime,lastused",
            description = "comma-separated list of fields to display. Accepted values: id, name, size, importtime, lastused")
    String fields;

    @Mixin
    ListingOptions listing;

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
        if (listing.table()) {
            ctx.out().print(new ImageListing(listing.full, ctx.clock().instant(), ctx.clock().getZone()).table(images, chosen, !listing.noLegend));
        } else {
            ctx.out().println(ImageListing.json(images, listing.pretty()));
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
