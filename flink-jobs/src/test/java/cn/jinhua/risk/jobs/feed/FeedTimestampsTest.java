package cn.jinhua.risk.jobs.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp decoder must agree with java.time on every input, valid or not. */
class FeedTimestampsTest {

    /** What java.time says: epoch millis, or null when it refuses the text. */
    static Long jdk(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Long ours(String s) {
        try {
            return FeedTimestamps.parseMillis(s);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains(s).contains("ISO-8601");
            return null;
        }
    }

    static void assertAgrees(String s) {
        assertThat(ours(s)).as(s).isEqualTo(jdk(s));
    }

    @Test
    void agreesWithJavaTimeOnHandPickedForms() {
        String[] forms = {
            "2026-12-29T16:05:00+08:00", "2026-12-29T16:05:00Z", "2026-12-29T16:05:00.1+08:00",
            "2026-12-29T16:05:00.12+08:00", "2026-12-29T16:05:00.123+08:00", "2026-12-29T16:05:00.1234+08:00",
            "2026-12-29T16:05:00.123456789+08:00", "2026-12-29T16:05:00.1234567891+08:00", "2026-12-29T16:05+08:00",
            "2026-12-29T16:05:00-00:00", "2026-12-29T16:05:00+00:00", "2026-12-29T16:05:00-05:30",
            "2026-12-29T16:05:00+18:00", "2026-12-29T16:05:00-18:00", "2026-12-29T16:05:00+18:01",
            "2026-12-29T16:05:00+19:00", "2026-12-29T16:05:00+08:60", "2026-12-29T16:05:00+08:00:00",
            "2026-12-29T16:05:00+0800", "2026-12-29T16:05:00+08", "2026-12-29t16:05:00z", "2026-12-29T16:05:00z",
            "2024-02-29T23:59:59.999-05:30", "2023-02-29T12:00:00Z", "2026-04-31T12:00:00Z", "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z", "2026-12-00T00:00:00Z", "2026-12-29T24:00:00Z", "2026-12-29T23:60:00Z",
            "2026-12-29T23:59:60Z", "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "1969-12-31T23:59:59.999Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999-18:00", "+10000-01-01T00:00:00Z",
            "2026-12-29T16:05:00.+08:00", "2026-12-29T16:05:00,5+08:00", "2026-12-29 16:05:00+08:00",
            "2026-12-29T16:05:00", "2026-12-29", "", "garbage", "2026-12-29T16:05:00+08:00 ",
            " 2026-12-29T16:05:00+08:00", "2026-1２-29T16:05:00+08:00", "2026-12-29T16:05:00.٣+08:00",
            "2026-12-29T16:05:00.5Z", "2026-12-29T16:05:0a+08:00", "2026-12-29T16:05:00+8:00",
        };
        for (String s : forms) {
            assertAgrees(s);
        }
    }

    @Test
    void refusesOffsetsBeyondEighteenHoursAndNonAsciiFractionDigits() {
        // Regression: the fast path accepted +18:30 and decoded "٣" as a digit; java.time refuses both.
        assertThatThrownBy(() -> FeedTimestamps.parseMillis("2026-12-29T16:05:00+18:30"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedTimestamps.parseMillis("2026-12-29T16:05:00.٣+08:00"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreesWithJavaTimeOnRandomTimestampsAndTheirMutations() {
        SplittableRandom r = new SplittableRandom(20261229);
        String alphabet = "0123456789+-:.TZ zx";
        for (int i = 0; i < 20_000; i++) {
            String s = randomTimestamp(r);
            assertAgrees(s);
            // One character replaced, dropped or doubled: mostly invalid, sometimes another valid form.
            int at = r.nextInt(s.length());
            char c = alphabet.charAt(r.nextInt(alphabet.length()));
            assertAgrees(s.substring(0, at) + c + s.substring(at + 1));
            assertAgrees(s.substring(0, at) + s.substring(at + 1));
            assertAgrees(s.substring(0, at) + s.charAt(at) + s.substring(at));
        }
    }

    @Test
    void formRendersTheTextBackExactly() {
        SplittableRandom r = new SplittableRandom(7);
        List<String> withoutForm = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String s = randomTimestamp(r);
            long millis = FeedTimestamps.parseMillis(s);
            int form = FeedTimestamps.form(s, millis);
            if (form < 0) {
                withoutForm.add(s);
            } else {
                assertThat(FeedTimestamps.render(millis, form)).isEqualTo(s);
            }
        }
        // Only sub-millisecond digits other than zeros, or the shapes the fast path leaves to java.time.
        assertThat(withoutForm).isNotEmpty().allSatisfy(s -> assertThat(s.matches(".*\\.\\d{3}\\d*[1-9]\\d*[Z+-].*")
                || !s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)")).as(s).isTrue());
    }

    @Test
    void formIsRefusedWhenTheTextDoesNotDenoteTheMillis() {
        String s = "2026-12-29T16:05:00.120+08:00";
        long millis = FeedTimestamps.parseMillis(s);
        assertThat(FeedTimestamps.form(s, millis)).isNotNegative();
        assertThat(FeedTimestamps.form(s, millis + 1)).isEqualTo(-1);
        assertThat(FeedTimestamps.form("2026-12-29T16:05+08:00", FeedTimestamps.parseMillis("2026-12-29T16:05+08:00")))
                .isEqualTo(-1);
        assertThat(FeedTimestamps.form(null, millis)).isEqualTo(-1);
        assertThatThrownBy(() -> FeedTimestamps.render(millis, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsZuluPlusZeroAndMinusZeroApart() {
        for (String s : new String[] {"2026-12-29T08:05:00Z", "2026-12-29T08:05:00+00:00", "2026-12-29T08:05:00-00:00"}) {
            long millis = FeedTimestamps.parseMillis(s);
            assertThat(FeedTimestamps.render(millis, FeedTimestamps.form(s, millis))).isEqualTo(s);
        }
    }

    /** A valid ISO-8601 timestamp with offset in one of the shapes producers send. */
    static String randomTimestamp(SplittableRandom r) {
        long epochSecond = r.nextLong(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-30T00:00:00Z").getEpochSecond());
        int nanos;
        switch (r.nextInt(5)) {
            case 0:
                nanos = 0;
                break;
            case 1:
                nanos = r.nextInt(1000) * 1_000_000;
                break;
            case 2:
                nanos = r.nextInt(10) * 100_000_000;
                break;
            case 3:
                nanos = r.nextInt(1_000_000) * 1000;
                break;
            default:
                nanos = r.nextInt(1_000_000_000);
        }
        ZoneOffset offset = r.nextInt(4) == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(r.nextInt(-18 * 60, 18 * 60 + 1) * 60);
        OffsetDateTime t = Instant.ofEpochSecond(epochSecond, nanos).atOffset(offset);
        String text = t.toString();
        if (r.nextInt(6) == 0 && offset.getTotalSeconds() == 0) {
            text = text.replace("Z", r.nextBoolean() ? "+00:00" : "-00:00");
        }
        if (r.nextInt(6) == 0 && t.getNano() == 0 && t.getSecond() == 0 && text.length() > 16) {
            text = text.substring(0, 16) + ":00.000" + text.substring(16);
        }
        return text;
    }
}
