package cn.jinhua.risk.jobs.feed;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses feed timestamps: ISO-8601 with an offset ({@code 2026-12-29T16:05:00+08:00}, optional
 * fraction, {@code Z} accepted). The common shape {@code yyyy-MM-ddTHH:mm:ss[.f]±HH:MM} is decoded by
 * hand without allocation (the per-fix hot path); anything else falls back to
 * {@link OffsetDateTime#parse}. A timestamp without an offset is refused: the feeds cross time zones.
 * Thread-safe (stateless).
 */
public final class FeedTimestamps {
    private FeedTimestamps() {
    }

    /**
     * @return epoch milliseconds
     * @throws IllegalArgumentException when the text is not ISO-8601 with an offset
     */
    public static long parseMillis(String s) {
        long fast = fast(s);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not an ISO-8601 timestamp with offset");
        }
    }

    /** Long.MIN_VALUE when the text is not of the fast shape (the slow path then decides). */
    private static long fast(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int start = i;
            int scale = 100;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (scale > 0) {
                    millis += (s.charAt(i) - '0') * scale;
                    scale /= 10;
                }
                i++;
            }
            if (i == start || i - start > 9) {
                return Long.MIN_VALUE;
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
                return Long.MIN_VALUE;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return Long.MIN_VALUE;
        }
        long days = daysFromCivil(year, month, day);
        long epochSecond = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSecond * 1000L + millis;
    }

    /**
     * A compact code from which {@link #render} gives back exactly {@code s} given {@code millis};
     * -1 when it cannot: {@code s} is not of the common shape, carries sub-millisecond digits
     * other than zeros, or does not denote {@code millis}. Lets keyed state keep the timestamp "as
     * sent" without keeping a string per fix.
     */
    public static int form(String s, long millis) {
        if (s == null || millis == Long.MIN_VALUE || fast(s) != millis) {
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

    private static final int OFFSET_BIAS = 18 * 60;

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
