package io.rktj.cli;

import java.util.concurrent.Callable;

import io.rktj.cli.format.OutputFormat;
import io.rktj.cli.format.PodJson;
import io.rktj.cli.format.PodTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Displays a table of information about the pods.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--no-legend", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "suppress a legend with the list")
    boolean noLegend;

    @Option(names = "--full", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "use long output format")
    boolean full;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "", converter = FormatConverter.class,
            description = "choose the output format: json, json-pretty; by default a table")
    OutputFormat format;

    private final Session session;

    ListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        var pods = ctx.lifecycle().list();
        if (format == OutputFormat.TABBED) {
            ctx.out().print(new PodTable(full, ctx.clock().instant(), ctx.clock().getZone()).format(pods, !noLegend));
        } else {
            ctx.out().println(PodJson.list(pods, format == OutputFormat.JSON_PRETTY));
        }
        return 0;
    }
}
