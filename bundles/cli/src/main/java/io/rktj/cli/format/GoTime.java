package io.rktj.cli.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as rkt prints them: Go's layout "2006-01-02 15:04:05.999 -0700 MST" (milliseconds
 * truncated, trailing zeros dropped) for full output, go-humanize's relative form
 * ("4 seconds ago") for short output.
 */
public final class GoTime {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx", Locale.ROOT);
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.US); // zone abbreviations (CET) as Go prints them; ROOT has none on newer JDKs

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long MONTH = 30 * DAY;
    private static final long YEAR = 12 * MONTH;
    private static final long LONG_TIME = 37 * YEAR;

    /** go-humanize's magnitudes: below limit seconds, print format with the difference divided by divBy. */
    private record Magnitude(long limit, String format, long divBy) {
    }

    private static final Magnitude[] MAGNITUDES = {
        new Magnitude(1, "now", 1),
        new Magnitude(2, "1 second %s", 1),
        new Magnitude(MINUTE, "%d seconds %s", 1),
        new Magnitude(2 * MINUTE, "1 minute %s", 1),
        new Magnitude(HOUR, "%d minutes %s", MINUTE),
        new Magnitude(2 * HOUR, "1 hour %s", 1),
        new Magnitude(DAY, "%d hours %s", HOUR),
        new Magnitude(2 * DAY, "1 day %s", 1),
        new Magnitude(WEEK, "%d days %s", DAY),
        new Magnitude(2 * WEEK, "1 week %s", 1),
        new Magnitude(MONTH, "%d weeks %s", WEEK),
        new Magnitude(2 * MONTH, "1 month %s", 1),
        new Magnitude(YEAR, "%d months %s", MONTH),
        new Magnitude(18 * MONTH, "1 year %s", 1),
        new Magnitude(2 * YEAR, "2 years %s", 1),
        new Magnitude(LONG_TIME, "%d years %s", YEAR),
        new Magnitude(Long.MAX_VALUE, "a long while %s", 1),
    };

    private GoTime() {
    }

    public static String full(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        StringBuilder sb = new StringBuilder(DATE_TIME.format(z));
        int millis = z.getNano() / 1_000_000;
        if (millis != 0) {
            sb.append('.').append(String.format(Locale.ROOT, "%03d", millis).replaceAll("0+$", ""));
        }
        sb.append(' ').append(OFFSET.format(z)).append(' ').append(zoneName(z));
        return sb.toString();
    }

    private static String zoneName(ZonedDateTime z) {
        if (z.getZone() instanceof ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? "UTC" : OFFSET.format(z);
        }
        return ZONE.format(z);
    }

    /** go-humanize's Time(then) relative to now, counted in whole seconds as it does. */
    public static String relative(Instant then, Instant now) {
        long diff = now.getEpochSecond() - then.getEpochSecond();
        String label = "ago";
        if (then.isAfter(now)) {
            label = "from now";
            diff = -diff;
        }
        for (Magnitude m : MAGNITUDES) {
            if (m.limit > diff) {
                if (m.format.startsWith("%d")) {
                    return String.format(Locale.ROOT, m.format, diff / m.divBy, label);
                }
                return m.format.contains("%s") ? String.format(Locale.ROOT, m.format, label) : m.format;
            }
        }
        throw new IllegalStateException("unreachable: the last magnitude is unbounded");
    }
}
