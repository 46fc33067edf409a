package io.rktj.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The file {@code rkt run --uuid-file-save} writes as soon as the pod exists. */
public final class UuidFile {
    public static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private UuidFile() {
    }

    /** Waits until the file holds a UUID, giving up early if the rkt that should write it has ended. */
    public static String await(Path file, Duration timeout, RktProcess writer) {
        return await(file, timeout, writer::isAlive, writer::describe);
    }

    /** Reads the UUID a finished rkt wrote; {@code context} describes what to blame if it did not. */
    public static String read(Path file, Supplier<String> context) {
        return await(file, Duration.ZERO, () -> false, context);
    }

    private static String await(Path file, Duration timeout, BooleanSupplier writerAlive, Supplier<String> context) {
        Instant end = Instant.now().plus(timeout);
        do {
            boolean alive = writerAlive.getAsBoolean();
            try {
                if (Files.exists(file)) {
                    String uuid = Files.readString(file).strip();
                    if (UUID.matcher(uuid).matches()) {
                        return uuid;
                    }
                }
                if (!alive) {
                    break;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (Instant.now().isBefore(end));
        throw new AssertionError("no UUID in " + file + "\n" + context.get());
    }
}
