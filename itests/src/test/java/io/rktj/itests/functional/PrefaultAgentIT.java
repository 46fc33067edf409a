package io.rktj.itests.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.rktj.itests.support.Rkt;
import io.rktj.itests.support.RktResult;
import io.rktj.itests.support.StartMemory;

/**
 * bin/rkt's JVM agent, lib/librktj-prefault.so (distribution/src/main/c/rktj-prefault.c): the
 * pages of the class-data-sharing archives are filled in by the kernel before main, and
 * bin/rkt gives every command's JVM the agent unless RKT_PREFAULT=off.
 */
class PrefaultAgentIT extends FunctionalTest {

    private static final Pattern MEMORY = Pattern.compile("archive-kb=(\\d+) resident-kb=(\\d+) locked-kb=(\\d+)");
    /** What bin/rkt gives a command's JVM besides the agent. */
    private static final List<String> OPTIONS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

    /** StartMemory's figures from a JVM of this test's JDK, with or without the agent. */
    private static long[] startMemory(boolean agent) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent) {
            command.add("-agentpath:" + Rkt.home().resolve("lib/librktj-prefault.so"));
        }
        command.addAll(OPTIONS);
        command.add("-cp");
        command.add(Path.of(StartMemory.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        command.add(StartMemory.class.getName());
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "java did not finish: " + command);
        assertEquals(0, java.exitValue(), () -> String.join(" ", command) + "\n" + out);
        Matcher m = MEMORY.matcher(out);
        assertTrue(m.find(), () -> "no memory line: " + out);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    @Test
    void theArchivesAreResidentWhenMainStartsAndNothingIsLocked() throws Exception {
        long[] with = startMemory(true);
        assertTrue(with[0] > 0, "the JVM maps a CDS archive");
        assertEquals(with[0], with[1], "every page of the archives is filled in before main");
        assertEquals(0, with[2], "nothing is locked");

        // the same JVM without the agent faults its archive pages in one by one, as it uses them
        long[] without = startMemory(false);
        assertEquals(with[0], without[0]);
        assertTrue(without[1] < without[0], () -> "resident without the agent: " + without[1] + " of " + without[0] + " kB");
    }

    /** bin/rkt gives a command's JVM the agent's options, and none with RKT_PREFAULT=off. */
    @Test
    void binRktStartsItsCommandsWithTheAgentUnlessTurnedOff() {
        RktResult on = rkt.call("version").env("RKT_DAEMON", "off").env("RKT_JAVA_OPTS", "-XX:+PrintCommandLineFlags")
                .run();
        assertExit(0, on);
        assertTrue(on.stdout().contains("-XX:ArchiveRelocationMode=0"), on::describe);
        assertTrue(on.stdout().contains("rkt Version: "), on::describe);

        RktResult off = rkt.call("version").env("RKT_DAEMON", "off").env("RKT_PREFAULT", "off")
                .env("RKT_JAVA_OPTS", "-XX:+PrintCommandLineFlags").run();
        assertExit(0, off);
        assertTrue(off.stdout().contains("rkt Version: ") && !off.stdout().contains("ArchiveRelocationMode"), off::describe);
    }
}
