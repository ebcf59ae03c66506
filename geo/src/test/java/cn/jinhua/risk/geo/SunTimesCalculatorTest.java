package cn.jinhua.risk.geo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.geo.sun.SunTimesCalculator;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SunTimesCalculatorTest {
    private final SunTimesCalculator sun = new SunTimesCalculator();

    @Test
    void jinhuaSetsAtAboutSevenPastFiveOnTheWinterSolstice() {
        ZonedDateTime set = sun.sunset(LocalDate.of(2026, 12, 21), 29.2, 119.65).orElseThrow();
        assertThat(set.getZone()).isEqualTo(SunTimesCalculator.SHANGHAI);
        assertThat(set.toLocalDate()).isEqualTo(LocalDate.of(2026, 12, 21));
        assertThat(Duration.between(LocalTime.of(17, 8), set.toLocalTime()).abs()).isLessThanOrEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void civilDuskEndsAboutHalfAnHourAfterSunset() {
        LocalDate d = LocalDate.of(2026, 12, 21);
        Duration gap = Duration.between(sun.sunset(d, 29.2, 119.65).orElseThrow(), sun.civilDuskEnd(d, 29.2, 119.65).orElseThrow());
        assertThat(gap).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(32));
    }

    @Test
    void summerSunsetIsLater() {
        assertThat(sun.sunset(LocalDate.of(2026, 6, 21), 29.2, 119.65).orElseThrow().toLocalTime()).isAfter(LocalTime.of(18, 50));
    }
}
