package io.rktj.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.rktj.api.image.ImageFetcher;

/** Runs command lines against in-memory services, capturing exit status and both streams. */
final class Harness {
    static final Instant NOW = Instant.parse("2016-01-25T16:45:00Z");

    final FakePods pods = new FakePods();
    final FakeStore store = new FakeStore();
    final List<ImageFetcher> fetchers = new ArrayList<>();
    final List<CliContext.FlavorInfo> flavors = new ArrayList<>();
    Map<String, String> environment = Map.of("HOME", "/root", "TERM", "xterm");
    int euid;

    record Result(int status, String out, String err) {
    }

    Result run(String... args) {
        return run(null, args);
    }

    /** Runs with command lines built ahead by prepared (as the daemon does), when not null. */
    Result run(CommandLines prepared, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = context(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = new Rkt(ctx).execute(prepared, args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    CliContext context(PrintStream out, PrintStream err) {
        return new CliContext(pods, store, () -> List.copyOf(fetchers), () -> List.copyOf(flavors), out, err,
                Clock.fixed(NOW, ZoneOffset.UTC), () -> environment, () -> euid, "0.1.0");
    }
}
