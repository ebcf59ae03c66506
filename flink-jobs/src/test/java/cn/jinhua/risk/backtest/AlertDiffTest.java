package cn.jinhua.risk.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.alert.Alert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alerts are matched by what they are about, never by id, and counted as a multiset. */
class AlertDiffTest {
    static final String T0 = "2026-12-18T15:19:00+08:00";
    static final String T1 = "2026-12-18T15:26:00+08:00";

    static Alert alert(String id, String rule, int version, Severity severity, String subject, String eventTime) {
        return new Alert(id, rule, version, "WASTEWATER", severity, "WASTEWATER:plant:" + subject, subject, "t", "t",
                eventTime, eventTime, null, List.of(), 1, "ENTERPRISE", List.of(), Map.of(), null, null, null, null, 1, false);
    }

    @Test
    void theSameAlertUnderAnotherVersionIsUnchanged() {
        AlertDiff d = AlertDiff.of(List.of(alert("v1", "plating.pool-high", 1, Severity.MEDIUM, "wy-e03-pool", T0)),
                List.of(alert("v2", "plating.pool-high", 2, Severity.MEDIUM, "wy-e03-pool", "2026-12-18T07:19:00Z")));
        assertThat(d.empty()).isTrue();
        assertThat(d.unchanged()).isEqualTo(1);
    }

    @Test
    void aMovedCrossingIsOneAddedAndOneRemoved() {
        Alert before = alert("v1", "plating.pool-high", 1, Severity.MEDIUM, "wy-e03-pool", T1);
        Alert after = alert("v2", "plating.pool-high", 2, Severity.MEDIUM, "wy-e03-pool", T0);
        AlertDiff d = AlertDiff.of(List.of(before), List.of(after));
        assertThat(d.added()).containsExactly(after);
        assertThat(d.removed()).containsExactly(before);
        assertThat(d.severityChanged()).isEmpty();
    }

    @Test
    void alertsCountAsAMultisetAndASeverityChangeIsWhatIsLeftOfAKey() {
        Alert medium = alert("m1", "plating.pool-high", 1, Severity.MEDIUM, "wy-e03-pool", T0);
        Alert medium2 = alert("m2", "plating.pool-high", 1, Severity.MEDIUM, "wy-e03-pool", T0);
        Alert high = alert("h1", "plating.pool-high", 2, Severity.HIGH, "wy-e03-pool", T0);
        Alert medium3 = alert("m3", "plating.pool-high", 2, Severity.MEDIUM, "wy-e03-pool", T0);
        AlertDiff d = AlertDiff.of(List.of(medium, medium2), List.of(high, medium3));
        assertThat(d.unchanged()).isEqualTo(1);
        assertThat(d.severityChanged()).hasSize(1);
        assertThat(d.severityChanged().get(0)[0].severity()).isEqualTo(Severity.MEDIUM);
        assertThat(d.severityChanged().get(0)[1]).isEqualTo(high);
        assertThat(d.added()).isEmpty();
        assertThat(d.removed()).isEmpty();

        AlertDiff more = AlertDiff.of(List.of(medium), List.of(medium3, medium2));
        assertThat(more.added()).hasSize(1);
        assertThat(more.removed()).isEmpty();
    }
}
