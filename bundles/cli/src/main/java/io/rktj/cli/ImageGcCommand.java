package io.rktj.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.PodInfo;
import io.rktj.cli.args.GoDuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Garbage collect local store.", "",
            "Removes images no pod uses that were last used longer ago than the grace period,",
            "then every blob and rendered tree no image references."})
final class ImageGcCommand implements Callable<Integer> {
    @Option(names = "--grace-period", paramLabel = "DURATION", defaultValue = "24h",
            description = "duration to wait since an image was last used before removing it (default: 24h)")
    String gracePeriod;

    private final Session session;

    ImageGcCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        Superuser.require(ctx);
        Duration grace;
        try {
            grace = GoDuration.parse(gracePeriod);
        } catch (IllegalArgumentException e) {
            throw new RktException("invalid --grace-period \"" + gracePeriod + "\": " + e.getMessage(), e);
        }
        Set<String> inUse = new HashSet<>();
        for (PodInfo pod : ctx.lifecycle().list()) {
            for (AppInfo app : pod.apps()) {
                if (app.imageId() != null) {
                    inUse.add(app.imageId());
                }
            }
        }
        Instant cutoff = ctx.clock().instant().minus(grace);
        int removed = 0;
        for (ImageInfo image : ctx.store().list()) {
            Instant used = image.lastUsed() == null ? image.importTime() : image.lastUsed();
            if (!inUse.contains(image.id()) && used != null && used.isBefore(cutoff)) {
                ctx.store().remove(image.id());
                ctx.err().println("rkt: removed image " + image.id());
                removed++;
            }
        }
        for (String line : ctx.store().gc()) {
            ctx.err().println("rkt: " + line);
        }
        ctx.err().println("rkt: " + removed + " image(s) successfully removed");
        return 0;
    }
}
