package cn.jinhua.risk.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The hand-written ISO-8601 codec agrees with java.time on every input, valid or not, within the
 * years 2000–9999 it admits, and refuses everything outside them with a reason.
 */
class IsoTimesTest {
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    /** What java.time says within the admitted years: the instant, or null when it refuses the text. */
    static Instant jdk(String s) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return t.getYear() < IsoTimes.MIN_YEAR || t.getYear() > IsoTimes.MAX_YEAR ? null : t.toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant ours(String s) {
        try {
            Instant i = IsoTimes.parseInstant(s);
            assertThat(IsoTimes.parseMillis(s)).as(s).isEqualTo(i.toEpochMilli() - (i.toEpochMilli() < 0 && i.getNano() % 1_000_000 != 0 ? 1 : 0));
            return i;
        } catch (DateTimeException e) {
            assertThat(e.getMessage()).as(s).isNotBlank();
            assertThatThrownBy(() -> IsoTimes.parseMillis(s)).isInstanceOf(DateTimeException.class);
            return null;
        }
    }

    static void assertAgrees(String s) {
        assertThat(ours(s)).as(s).isEqualTo(jdk(s));
    }

    @Example
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
            "+300000000-01-01T00:00:00Z", "-2026-12-29T16:05:00Z", "1999-12-31T23:59:59.999+08:00",
            "2000-01-01T00:00:00+08:00", "2026-12-29T16:05:00.+08:00", "2026-12-29T16:05:00,5+08:00",
            "2026-12-29 16:05:00+08:00", "2026-12-29T16:05:00", "2026-12-29", "", "garbage",
            "2026-12-29T16:05:00+08:00 ", " 2026-12-29T16:05:00+08:00", "2026-1２-29T16:05:00+08:00",
            "2026-12-29T16:05:00.٣+08:00", "2026-12-29T16:05:00.5Z", "2026-12-29T16:05:0a+08:00",
            "2026-12-29T16:05:00+8:00",
        };
        for (String s : forms) {
            assertAgrees(s);
        }
    }

    @Example
    void refusesYearsOutsideTheContractWithTheYearInTheReason() {
        // Regression: "+300000000-01-01T00:00:00Z" overflowed toEpochMilli and stopped the job.
        assertThatThrownBy(() -> IsoTimes.parseMillis("+300000000-01-01T00:00:00Z"))
                .isInstanceOf(DateTimeException.class).hasMessageContaining("year 300000000");
        assertThatThrownBy(() -> IsoTimes.parseMillis("1999-12-31T23:59:59Z"))
                .isInstanceOf(DateTimeException.class).hasMessageContaining("2000..9999");
        assertThatThrownBy(() -> IsoTimes.parseMillis(null)).isInstanceOf(DateTimeException.class);
    }

    @Example
    void refusesOffsetsBeyondEighteenHoursAndNonAsciiFractionDigits() {
        // Regression: the fast path accepted +18:30 and decoded "٣" as a digit; java.time refuses both.
        assertThatThrownBy(() -> IsoTimes.parseMillis("2026-12-29T16:05:00+18:30")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> IsoTimes.parseMillis("2026-12-29T16:05:00.٣+08:00")).isInstanceOf(DateTimeException.class);
    }

    @Property(tries = 5000)
    void agreesWithJavaTimeOnValidTimesAndTheirMutations(@ForAll("timestamps") String s,
                                                         @ForAll @IntRange(min = 0, max = 40) int at,
                                                         @ForAll("timestampChars") char c) {
        assertAgrees(s);
        int i = at % s.length();
        assertAgrees(s.substring(0, i) + c + s.substring(i + 1));
        assertAgrees(s.substring(0, i) + s.substring(i + 1));
        assertAgrees(s.substring(0, i) + s.charAt(i) + s.substring(i));
    }

    @Property(tries = 5000)
    void formRendersTheTextBackExactly(@ForAll("timestamps") String s) {
        long millis = IsoTimes.parseMillis(s);
        int form = IsoTimes.form(s, millis);
        if (form >= 0) {
            assertThat(IsoTimes.render(millis, form)).isEqualTo(s);
        } else {
            // Only sub-millisecond digits other than zeros, or shapes the fast path leaves to java.time.
            assertThat(s.matches(".*\\.\\d{3}\\d*[1-9]\\d*[Z+-].*")
                    || !s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)")).as(s).isTrue();
        }
    }

    @Example
    void formIsRefusedWhenTheTextDoesNotDenoteTheMillis() {
        String s = "2026-12-29T16:05:00.120+08:00";
        long millis = IsoTimes.parseMillis(s);
        assertThat(IsoTimes.form(s, millis)).isNotNegative();
        assertThat(IsoTimes.form(s, millis + 1)).isEqualTo(-1);
        assertThat(IsoTimes.form("2026-12-29T16:05+08:00", IsoTimes.parseMillis("2026-12-29T16:05+08:00"))).isEqualTo(-1);
        assertThat(IsoTimes.form(null, millis)).isEqualTo(-1);
        assertThatThrownBy(() -> IsoTimes.render(millis, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void keepsZuluPlusZeroAndMinusZeroApart() {
        for (String s : new String[] {"2026-12-29T08:05:00Z", "2026-12-29T08:05:00+00:00", "2026-12-29T08:05:00-00:00"}) {
            long millis = IsoTimes.parseMillis(s);
            assertThat(IsoTimes.render(millis, IsoTimes.form(s, millis))).isEqualTo(s);
        }
    }

    @Property(tries = 5000)
    void sortableFormatMatchesTheGeneralFormatter(@ForAll @LongRange(min = -2_500_000_000L, max = 4_500_000_000L) long second,
                                                  @ForAll @IntRange(min = 0, max = 999_999_999) int nano) {
        Instant t = Instant.ofEpochSecond(second, nano);
        assertThat(IsoTimes.formatSortable(t)).isEqualTo(SORTABLE.format(t.atZone(IsoTimes.ZONE)));
    }

    @Example
    void contractFormatIsShanghaiTimeWithoutAnEmptyFraction() {
        long t = Instant.parse("2026-12-18T07:19:00Z").toEpochMilli();
        assertThat(IsoTimes.format(t)).isEqualTo("2026-12-18T15:19:00+08:00");
        assertThat(IsoTimes.format(t + 500)).isEqualTo("2026-12-18T15:19:00.5+08:00");
        assertThat(IsoTimes.parseMillis(IsoTimes.format(t + 123))).isEqualTo(t + 123);
    }

    /** A valid ISO-8601 time with offset, written in years 2000–9999, in shapes producers send. */
    @Provide
    Arbitrary<String> timestamps() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(Instant.parse("2000-01-02T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-30T00:00:00Z").getEpochSecond());
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(i -> i * 1_000_000),
                Arbitraries.integers().between(0, 9).map(i -> i * 100_000_000), Arbitraries.integers().between(0, 999_999).map(i -> i * 1000),
                Arbitraries.integers().between(0, 999_999_999));
        Arbitrary<ZoneOffset> offsets = Arbitraries.oneOf(Arbitraries.just(ZoneOffset.UTC),
                Arbitraries.integers().between(-18 * 60, 18 * 60).map(m -> ZoneOffset.ofTotalSeconds(m * 60)));
        Arbitrary<Integer> style = Arbitraries.integers().between(0, 5);
        return Combinators.combine(seconds, nanos, offsets, style).as((s, n, o, st) -> {
            OffsetDateTime t = Instant.ofEpochSecond(s, n).atOffset(o);
            String text = t.toString();
            if (st == 0 && o.getTotalSeconds() == 0) {
                text = text.replace("Z", "-00:00");
            } else if (st == 1 && o.getTotalSeconds() == 0) {
                text = text.replace("Z", "+00:00");
            } else if (st == 2 && t.getNano() == 0 && t.getSecond() == 0 && text.length() > 16) {
                text = text.substring(0, 16) + ":00.000" + text.substring(16);
            }
            return text;
        });
    }

    @Provide
    Arbitrary<Character> timestampChars() {
        return Arbitraries.of('0', '1', '2', '5', '9', '+', '-', ':', '.', 'T', 'Z', ' ', 'z', 'x');
    }
}
