package io.rktj.core;

import java.time.Duration;

/** Durations written as rkt (Go) writes them in messages: 30m0s, 1h0m0s, 0s. */
final class GoDuration {
    private GoDuration() {
    }

    static String format(Duration d) {
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        if (h > 0) {
            return h + "h" + m + "m" + s + "s";
        }
        if (m > 0) {
            return m + "m" + s + "s";
        }
        return s + "s";
    }
}
