package cn.jinhua.risk.jobs.alert;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Formats alert times as ISO-8601 with the Asia/Shanghai offset, e.g. 2026-12-29T16:05:00+08:00. Thread-safe. */
public final class AlertTimes {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private AlertTimes() {
    }

    public static String iso(long epochMillis) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(ZONE).toOffsetDateTime());
    }
}
