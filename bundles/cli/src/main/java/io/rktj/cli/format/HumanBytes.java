package io.rktj.cli.format;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** go-humanize's IBytes ("82 MiB" style), which rkt image list uses for sizes. */
public final class HumanBytes {
    private static final String[] SIZES = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private HumanBytes() {
    }

    public static String iec(long bytes) {
        if (bytes < 10) {
            return bytes + "B";
        }
        int e = (int) Math.floor(Math.log(bytes) / Math.log(1024));
        double val = Math.floor(bytes / Math.pow(1024, e) * 10 + 0.5) / 10;
        // Go's %.Nf rounds the exact binary value half to even
        int scale = val < 10 ? 1 : 0;
        return new BigDecimal(val).setScale(scale, RoundingMode.HALF_EVEN).toPlainString() + SIZES[e];
    }
}
