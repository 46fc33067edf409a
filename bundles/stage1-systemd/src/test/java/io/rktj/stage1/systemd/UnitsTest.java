package io.rktj.stage1.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void appUnitRunsTheRunnerAroundTheExecutorsCommandAndHandlers() {
        String unit = Units.app("web", 2, List.of("/usr/sbin/runc", "run", "web"),
                Map.of("pre-start", List.of("/usr/sbin/runc", "run", "web-pre-start")), false, false, null, false);
        assertTrue(unit.contains("StandardInput=null\n"), unit);
        assertTrue(unit.contains("ExecStart=/rkt/bin/rkt-stage1 app --name \"web\" --status-dir /rkt/status --apps 2"
                + " --pre-start 3 \"/usr/sbin/runc\" \"run\" \"web-pre-start\" -- \"/usr/sbin/runc\" \"run\" \"web\"\n"), unit);
        assertTrue(unit.contains("DefaultDependencies=no\n"), unit);
        assertTrue(unit.contains("KillMode=mixed\n"), unit);
    }

    @Test
    void anInteractiveAppTakesTheConsoleOrTheStdinFifoAndIsNotPrefixed() {
        String unit = Units.app("sh", 1, List.of("/usr/sbin/runc", "run", "sh"), Map.of(), true, false, null, false);
        assertTrue(unit.contains("ExecStart=/rkt/bin/rkt-stage1 app --name \"sh\" --status-dir /rkt/status --apps 1"
                + " --no-prefix --stdin /rkt/stdin -- \"/usr/sbin/runc\" \"run\" \"sh\"\n"), unit);
        assertTrue(unit.contains("StandardInput=tty\nStandardOutput=tty\n"), unit);
        assertTrue(unit.contains("TTYPath=/dev/console\n"), unit);
    }

    @Test
    void aCreatedAppsRunnerStartsItAndHearsFromItsKeeper() {
        String unit = Units.app("web", 1, List.of("/usr/sbin/runc", "--root", "/run/runc", "start", "web"), Map.of(), false, true,
                "/run/runc/web/exec.fifo", false);
        assertTrue(unit.contains("ExecStart=/rkt/bin/rkt-stage1 app --name \"web\" --status-dir /rkt/status --apps 1"
                + " --created \"/run/rkt/web.fifo\" --start-fifo \"/run/runc/web/exec.fifo\" -- \"/usr/sbin/runc\" \"--root\" \"/run/runc\" \"start\" \"web\"\n"), unit);
    }

    @Test
    void aRunnerMayEndThePodAtOnceOnlyWhenTold() {
        List<String> start = List.of("/usr/sbin/runc", "--root", "/run/runc", "start", "web");
        String told = Units.app("web", 1, start, Map.of(), false, true, "/run/runc/web/exec.fifo", true);
        assertTrue(told.contains(" --start-fifo \"/run/runc/web/exec.fifo\" --end-at-once -- \"/usr/sbin/runc\""), told);
        String notTold = Units.app("web", 1, start, Map.of(), false, true, "/run/runc/web/exec.fifo", false);
        assertTrue(!notTold.contains("--end-at-once"), notTold);
    }

    @Test
    void theTargetWantsEveryApp() {
        assertEquals("[Unit]\nDescription=rkt pod\nWants=rkt-a.service rkt-b.service\nAfter=rkt-a.service rkt-b.service\n"
                + "AllowIsolate=yes\n", Units.target(List.of("a", "b")));
    }

    @Test
    void execWordsAreQuotedAsSystemdReadsThem() {
        assertEquals("\"a b\"", Units.quote("a b"));
        assertEquals("\"$$HOME %%i \\\"q\\\" \\\\\"", Units.quote("$HOME %i \"q\" \\"));
    }
}
