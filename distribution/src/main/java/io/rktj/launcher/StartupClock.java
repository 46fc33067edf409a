package io.rktj.launcher;

/** With --debug, prints how long each start-up phase took, so regressions in start-up show. */
final class StartupClock {

    private final boolean enabled;
    private long last = System.nanoTime();

    StartupClock(boolean enabled) {
        this.enabled = enabled;
    }

    void mark(String phase) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        System.err.printf("rkt: launcher: %s %d ms%n", phase, (now - last) / 1_000_000);
        last = now;
    }
}
