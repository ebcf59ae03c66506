package cn.jinhua.risk.api.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The Jackson mapper used for stored documents and raw request bodies, and the API's time format.
 * Times are ISO-8601 with the Asia/Shanghai offset, like the alert contract. Thread-safe.
 */
public final class Json {
    /** Shared mapper; configured once, never mutated afterwards. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Json() {
    }

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    /**
     * ISO-8601 with the +08:00 offset and always three fraction digits, so that two such strings
     * compare in time order.
     */
    public static String iso(Instant t) {
        ZoneOffset offset = ZONE.getRules().getOffset(t);
        LocalDateTime local = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), offset);
        int year = local.getYear();
        int offsetSeconds = offset.getTotalSeconds();
        // Ingest formats several times per alert; the formatter is the slow general case.
        if (year < 1000 || year > 9999 || offsetSeconds % 60 != 0 || offsetSeconds == 0) {
            return FIXED.format(t.atZone(ZONE));
        }
        char[] c = new char[29];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, local.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, local.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, local.getHour(), 2);
        c[13] = ':';
        digits(c, 14, local.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, local.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, local.getNano() / 1_000_000, 3);
        c[23] = offsetSeconds < 0 ? '-' : '+';
        int abs = Math.abs(offsetSeconds) / 60;
        digits(c, 24, abs / 60, 2);
        c[26] = ':';
        digits(c, 27, abs % 60, 2);
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses an ISO-8601 time with offset (or Z).
     *
     * @throws DateTimeParseException when it is not one
     */
    public static Instant parseInstant(String iso) {
        Instant fast = parseCommon(iso);
        return fast != null ? fast : OffsetDateTime.parse(iso).toInstant();
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)} without the general
     * parser (a batch of alerts holds thousands of times); null for anything else, which the
     * general parser then accepts or refuses with its reason.
     */
    private static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (i < n && s.charAt(i) == '.') {
            int digits = 0;
            for (i++; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                if (++digits > 9) {
                    return null;
                }
                nano = nano * 10 + (s.charAt(i) - '0');
            }
            if (digits == 0) {
                return null;
            }
            for (int k = digits; k < 9; k++) {
                nano *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = number(s, i + 1, 2);
            int om = number(s, i + 4, 2);
            if (oh < 0 || oh > 17 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        if (day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nano);
    }

    /** The decimal number in {@code s[at, at + width)}, -1 unless all digits. */
    private static int number(String s, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
