package io.rktj.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.rktj.api.RktException;

/**
 * The {@code stage1/flavor} file of a pod: {@code name version interfaceVersion}. Later commands
 * pick the flavor that manages the pod by name and interface version, not by bundle revision.
 */
record FlavorRecord(String name, String version, int interfaceVersion) {

    String format() {
        return name + " " + version + " " + interfaceVersion;
    }

    static FlavorRecord parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 3) {
            throw new RktException("stage1 record \"" + text.trim() + "\": expected \"name version interface\"");
        }
        try {
            return new FlavorRecord(f[0], f[1], Integer.parseInt(f[2]));
        } catch (NumberFormatException e) {
            throw new RktException("stage1 record \"" + text.trim() + "\": interface version is not a number");
        }
    }

    static FlavorRecord read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw RktException.wrap("read " + file, e);
        }
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, format() + "\n", StandardCharsets.UTF_8);
    }
}
