package io.tillstream.parse;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The sanity window for sale times: a till with a wrong clock, or a typo in a spreadsheet, must not
 * put sales decades away, where they would distort every chart and hold windows open.
 */
public record EventTimeBounds(Duration maxAge, Duration maxFuture, Clock clock) implements Serializable {

    /** Wide enough for any chain's history, narrow enough to catch a year typed as 2201 or 1921. */
    public static EventTimeBounds defaults() {
        return new EventTimeBounds(Duration.ofDays(3650), Duration.ofDays(2), Clock.systemUTC());
    }

    boolean accepts(Instant time) {
        Instant now = clock.instant();
        return !time.isBefore(now.minus(maxAge)) && !time.isAfter(now.plus(maxFuture));
    }
}
