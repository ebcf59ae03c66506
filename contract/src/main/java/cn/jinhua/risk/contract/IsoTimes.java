package cn.jinhua.risk.contract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one ISO-8601 codec of the project ({@code docs/feeds.md} "Timestamps"): feed records and
 * alerts carry times as ISO-8601 with an offset ({@code 2026-12-29T16:05:00+08:00}, optional
 * fraction, {@code Z} accepted), written years 2000–9999. The common shape
 * {@code yyyy-MM-ddTHH:mm:ss[.f](Z|±HH:MM)} is decoded by hand without allocation (once per fix on
 * the job's hot path, several times per alert at the API's ingest); any other shape goes to
 * java.time, so both paths accept exactly what {@link OffsetDateTime#parse} accepts within the
 * year range. A time without an offset is refused: the feeds cross time zones.
 *
 * <p>Thread-safe (stateless).
 */
public final class IsoTimes {
    /** The zone alerts are written in. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Written years outside this range are refused: Elasticsearch and most consumers break beyond it. */
    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 9999;

    private static final long NO_FAST = Long.MIN_VALUE;
    private static final int OFFSET_BIAS = 18 * 60;
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private IsoTimes() {
    }

    /**
     * @return epoch milliseconds (a fraction beyond milliseconds is cut)
     * @throws DateTimeException with a message fit for users when the text is not an ISO-8601 time
     *     with offset, or its year is outside {@value #MIN_YEAR}–{@value #MAX_YEAR}
     */
    public static long parseMillis(String s) {
        long seconds = fastSeconds(s);
        if (seconds != NO_FAST) {
            return seconds * 1000L + fractionNanos(s) / 1_000_000;
        }
        return slow(s).toEpochMilli();
    }

    /** Like {@link #parseMillis} with the fraction kept to the nanosecond. */
    public static Instant parseInstant(String s) {
        long seconds = fastSeconds(s);
        if (seconds != NO_FAST) {
            return Instant.ofEpochSecond(seconds, fractionNanos(s));
        }
        return slow(s);
    }

    private static Instant slow(String s) {
        if (s == null) {
            throw new DateTimeException("a time is required");
        }
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new DateTimeException("'" + shorten(s) + "' is not an ISO-8601 time with offset"
                    + " (e.g. 2026-12-29T16:05:00+08:00)");
        }
        if (t.getYear() < MIN_YEAR || t.getYear() > MAX_YEAR) {
            throw yearOutOfRange(s, t.getYear());
        }
        return t.toInstant();
    }

    private static DateTimeException yearOutOfRange(String s, long year) {
        return new DateTimeException("'" + shorten(s) + "' has year " + year + ", outside " + MIN_YEAR + ".." + MAX_YEAR);
    }

    private static String shorten(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    /**
     * Epoch seconds of the common shape, {@link #NO_FAST} for any other shape (the slow path then
     * accepts or refuses it). A year out of range throws here: the shape was right.
     */
    private static long fastSeconds(String s) {
        if (s == null) {
            return NO_FAST;
        }
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NO_FAST;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NO_FAST;
        }
        int i = 19;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 9) {
                return NO_FAST;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            // java.time refuses offsets beyond ±18:00; leave those (and any odd shape) to it.
            if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
                return NO_FAST;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return NO_FAST;
        }
        if (year < MIN_YEAR) {
            throw yearOutOfRange(s, year);
        }
        long days = daysFromCivil(year, month, day);
        return days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    }

    /** Nanoseconds of the fraction at position 19 of a text of the common shape (0 when none). */
    private static int fractionNanos(String s) {
        if (s.length() <= 19 || s.charAt(19) != '.') {
            return 0;
        }
        int nanos = 0;
        int scale = 100_000_000;
        for (int i = 20; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            nanos += (s.charAt(i) - '0') * scale;
            scale /= 10;
        }
        return nanos;
    }

    /** An alert time: ISO-8601 in {@link #ZONE}, fraction only when there is one ({@code 2026-12-18T15:19:00+08:00}). */
    public static String format(long epochMillis) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(ZONE));
    }

    /**
     * ISO-8601 in {@link #ZONE} with always three fraction digits, so that two such strings compare
     * in time order (stored documents).
     */
    public static String formatSortable(Instant t) {
        ZoneOffset offset = ZONE.getRules().getOffset(t);
        java.time.LocalDateTime local = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), offset);
        int year = local.getYear();
        int offsetSeconds = offset.getTotalSeconds();
        // Ingest formats several times per alert; the formatter is the slow general case.
        if (year < 1000 || year > 9999 || offsetSeconds % 60 != 0 || offsetSeconds == 0) {
            return SORTABLE.format(t.atZone(ZONE));
        }
        char[] c = new char[29];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, local.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, local.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, local.getHour(), 2);
        c[13] = ':';
        put(c, 14, local.getMinute(), 2);
        c[16] = ':';
        put(c, 17, local.getSecond(), 2);
        c[19] = '.';
        put(c, 20, local.getNano() / 1_000_000, 3);
        c[23] = offsetSeconds < 0 ? '-' : '+';
        int abs = Math.abs(offsetSeconds) / 60;
        put(c, 24, abs / 60, 2);
        c[26] = ':';
        put(c, 27, abs % 60, 2);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * A compact code from which {@link #render} gives back exactly {@code s} given {@code millis};
     * -1 when it cannot: {@code s} is not of the common shape, carries sub-millisecond digits
     * other than zeros, or does not denote {@code millis}. Lets keyed state keep a timestamp "as
     * sent" without keeping a string per record.
     */
    public static int form(String s, long millis) {
        if (s == null || millis == Long.MIN_VALUE) {
            return -1;
        }
        long seconds;
        try {
            seconds = fastSeconds(s);
        } catch (DateTimeException e) {
            return -1;
        }
        if (seconds == NO_FAST || seconds * 1000L + fractionNanos(s) / 1_000_000 != millis) {
            return -1;
        }
        int i = 19;
        int fractionDigits = 0;
        if (s.charAt(i) == '.') {
            i++;
            while (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (fractionDigits >= 3 && s.charAt(i) != '0') {
                    return -1;
                }
                fractionDigits++;
                i++;
            }
        }
        if (s.charAt(i) == 'Z') {
            return 1 << 4 | fractionDigits;
        }
        int minutes = digits(s, i + 1, 2) * 60 + digits(s, i + 4, 2);
        boolean minus = s.charAt(i) == '-';
        int style = minus && minutes == 0 ? 2 : 0;
        int offsetMinutes = minus ? -minutes : minutes;
        return (offsetMinutes + OFFSET_BIAS) << 6 | style << 4 | fractionDigits;
    }

    /** The text {@link #form} described: {@code render(m, form(s, m)).equals(s)} whenever the form is not -1. */
    public static String render(long millis, int form) {
        if (form < 0) {
            throw new IllegalArgumentException("no form");
        }
        int fractionDigits = form & 0xF;
        int style = form >> 4 & 0x3;
        int offsetMinutes = style == 1 ? 0 : (form >> 6) - OFFSET_BIAS;
        long local = millis + offsetMinutes * 60_000L;
        long days = Math.floorDiv(local, 86_400_000L);
        long msOfDay = Math.floorMod(local, 86_400_000L);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, inverse of daysFromCivil).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        int secOfDay = (int) (msOfDay / 1000);
        int ms = (int) (msOfDay % 1000);
        StringBuilder b = new StringBuilder(35);
        pad(b, year, 4).append('-');
        pad(b, month, 2).append('-');
        pad(b, day, 2).append('T');
        pad(b, secOfDay / 3600, 2).append(':');
        pad(b, secOfDay / 60 % 60, 2).append(':');
        pad(b, secOfDay % 60, 2);
        if (fractionDigits > 0) {
            b.append('.');
            int scale = 100;
            for (int d = 0; d < fractionDigits; d++) {
                b.append(d < 3 ? (char) ('0' + ms / scale % 10) : '0');
                scale /= 10;
            }
        }
        if (style == 1) {
            return b.append('Z').toString();
        }
        int abs = Math.abs(offsetMinutes);
        b.append(style == 2 || offsetMinutes < 0 ? '-' : '+');
        pad(b, abs / 60, 2).append(':');
        return pad(b, abs % 60, 2).toString();
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String d = Integer.toString(v);
        for (int i = d.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(d);
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int y, int m) {
        switch (m) {
            case 2:
                return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
