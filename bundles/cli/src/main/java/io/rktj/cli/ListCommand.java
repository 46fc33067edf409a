package io.rktj.cli;

import java.util.concurrent.Callable;

import io.rktj.cli.format.PodJson;
import io.rktj.cli.format.PodTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Displays a table of information about the pods.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    ListingOptions listing;

    private final Session session;

    ListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        var pods = ctx.lifecycle().list();
        if (listing.table()) {
            ctx.out().print(new PodTable(listing.full, ctx.clock().instant(), ctx.clock().getZone()).format(pods, !listing.noLegend));
        } else {
            ctx.out().println(PodJson.list(pods, listing.pretty()));
        }
        return 0;
    }
}
