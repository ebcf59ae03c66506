package cn.jinhua.risk.geo.sun;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.shredzone.commons.suncalc.SunTimes;

/**
 * Sunset and the end of civil dusk for a place and a local date, from commons-suncalc. Times are
 * in the calculator's zone (Asia/Shanghai by default). Thread-safe and immutable.
 */
public final class SunTimesCalculator {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final ZoneId zone;

    public SunTimesCalculator(ZoneId zone) {
        this.zone = zone;
    }

    public SunTimesCalculator() {
        this(SHANGHAI);
    }

    public ZoneId zone() {
        return zone;
    }

    /** Sunset (upper limb touching the horizon, with refraction) on that local date; empty in polar day or night. */
    public Optional<ZonedDateTime> sunset(LocalDate date, double lat, double lon) {
        return Optional.ofNullable(compute(date, lat, lon, SunTimes.Twilight.VISUAL).getSet());
    }

    /** End of civil dusk (sun 6° below the horizon) on that local date. */
    public Optional<ZonedDateTime> civilDuskEnd(LocalDate date, double lat, double lon) {
        return Optional.ofNullable(compute(date, lat, lon, SunTimes.Twilight.CIVIL).getSet());
    }

    private SunTimes compute(LocalDate date, double lat, double lon, SunTimes.Twilight twilight) {
        return SunTimes.compute()
                .timezone(zone)
                .on(date)
                .at(lat, lon)
                .twilight(twilight)
                .execute();
    }
}
