package io.rktj.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run as a program by the tests of bin/rkt's JVM agent (lib/librktj-prefault.so): prints, as
 * its main starts, how much of the class-data-sharing archives' mappings is resident and how
 * much memory is locked, as {@code archive-kb=SIZE resident-kb=RSS locked-kb=LOCKED}.
 */
public final class StartMemory {

    public static void main(String[] args) throws IOException {
        long size = 0;
        long resident = 0;
        boolean archive = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("[0-9a-f]+-[0-9a-f]+ .*")) {
                archive = line.endsWith(".jsa");
            } else if (archive && line.startsWith("Size:")) {
                size += kilobytes(line);
            } else if (archive && line.startsWith("Rss:")) {
                resident += kilobytes(line);
            }
        }
        long locked = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmLck:")).mapToLong(StartMemory::kilobytes).sum();
        System.out.println("archive-kb=" + size + " resident-kb=" + resident + " locked-kb=" + locked);
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private StartMemory() {
    }
}
