package io.tillstream.parse;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * The sanity windows for sale times: a till with a wrong clock, or a typo in a spreadsheet, must not
 * put sales decades away, where they would distort every chart, nor far from the period its file is
 * named for, where it would move its branch's clock ahead and settle windows that are still filling.
 *
 * @param maxPeriodSkew how far a sale may lie from the start of the period in its file's name
 */
public record EventTimeBounds(Duration maxAge, Duration maxFuture, Duration maxPeriodSkew, Clock clock)
        implements Serializable {

    /** Wide enough for any chain's history, narrow enough to catch a year typed as 2201 or 1921. */
    public static EventTimeBounds defaults() {
        return new EventTimeBounds(Duration.ofDays(3650), Duration.ofDays(2), Duration.ofDays(1), Clock.systemUTC());
    }

    boolean fitsPeriod(LocalDateTime sale, LocalDateTime periodStart) {
        return !sale.isBefore(periodStart.minus(maxPeriodSkew)) && !sale.isAfter(periodStart.plus(maxPeriodSkew));
    }

    boolean accepts(Instant time) {
        Instant now = clock.instant();
        return !time.isBefore(now.minus(maxAge)) && !time.isAfter(now.plus(maxFuture));
    }
}
