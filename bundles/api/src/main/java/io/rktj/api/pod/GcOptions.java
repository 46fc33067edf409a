package io.rktj.api.pod;

import java.time.Duration;

/** rkt gc's options. */
public record GcOptions(Duration gracePeriod, Duration expirePrepared, boolean markOnly) {
}
