package cn.jinhua.risk.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written time formatting and parsing agree with java.time's general ones. */
class JsonTest {
    private static final DateTimeFormatter GENERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    @Test
    void isoMatchesTheGeneralFormatterOverCenturies() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(-2_500_000_000L + (long) (rnd.nextDouble() * 7_000_000_000L),
                    rnd.nextInt(1_000_000_000));
            assertThat(Json.iso(t)).as("%s", t).isEqualTo(GENERAL.format(t.atZone(Json.ZONE)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-29T16:05:00+08:00", "2026-12-29T16:05:00.123+08:00", "2026-12-29T08:05:00Z",
            "2026-12-29T08:05:00.1Z", "2026-12-29T08:05:00.123456789Z", "2024-02-29T23:59:59-05:30",
            "2026-12-29T16:05+08:00", "2026-12-29t08:05:00z", "2026-12-29T16:05:00+08:00:00", "0001-01-01T00:00:00Z",
            "+12026-01-01T00:00:00Z", "2026-12-29T16:05:00-00:00", "2026-12-29T16:05:00+18:00",
            "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-29T24:00:00Z",
            "2026-12-29T16:60:00Z", "2026-12-29T16:05:60Z", "2026-12-29T16:05:00", "2026-12-29T16:05:00.Z",
            "2026-12-29T16:05:00.1234567890Z", "2026-12-29T16:05:00+19:00", "2026-12-29 16:05:00Z", "yesterday",
            "2026-12-29T16:05:00+08:0x", "2026-12-29T16:05:00+8:00", "2026-12-29T16:05:00.5+08:00x"})
    void agreesWithTheGeneralParserOnEveryShape(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            assertThatThrownBy(() -> Json.parseInstant(text)).isInstanceOf(DateTimeException.class);
            return;
        }
        assertThat(Json.parseInstant(text)).isEqualTo(expected);
    }

    @Test
    void roundTripsRandomTimes() {
        Random rnd = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(rnd.nextLong() % 4_000_000_000_000L);
            String text = GENERAL.format(t.atZone(Json.ZONE));
            assertThat(Json.parseInstant(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }
}
