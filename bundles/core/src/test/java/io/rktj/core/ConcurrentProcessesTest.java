package io.rktj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.pod.GcOptions;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodState;

/** Ten rkt runs as ten processes on one data directory, with gc running alongside them. */
class ConcurrentProcessesTest {
    @TempDir
    Path tmp;

    @Test
    void tenProcessesRunWithoutLockErrorsWhileGcRuns() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    RunProcessMain.class.getName(),
                    tmp.toString()).redirectErrorStream(true).start());
        }
        Rig rig = new Rig(tmp);
        ByteArrayOutputStream gcOut = new ByteArrayOutputStream();
        while (runs.stream().anyMatch(Process::isAlive)) {
            // gc with a long grace period marks exited pods but keeps them, so they can be counted after.
            PrintStream report = new PrintStream(gcOut, true, StandardCharsets.UTF_8);
            rig.stage0.gc(new GcOptions(Duration.ofHours(1), Duration.ofHours(1), false), report, report);
            Thread.sleep(50);
        }
        for (Process p : runs) {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), output);
        }
        List<PodInfo> pods = rig.stage0.list();
        assertEquals(10, pods.size());
        assertTrue(pods.stream().allMatch(p -> p.state() == PodState.EXITED || p.state() == PodState.EXITED_GARBAGE), pods.toString());
        assertEquals(List.of(), rig.data.list(StateDir.EMBRYO));
        assertEquals(List.of(), rig.data.list(StateDir.PREPARE));
    }
}
