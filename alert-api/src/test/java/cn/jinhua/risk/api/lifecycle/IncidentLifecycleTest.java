package cn.jinhua.risk.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jinhua.risk.api.alert.Alert;
import cn.jinhua.risk.api.alert.IncomingAlert;
import cn.jinhua.risk.api.alert.Position;
import cn.jinhua.risk.api.dispatch.DispatchStatus;
import cn.jinhua.risk.api.dispatch.RecommendedTeam;
import cn.jinhua.risk.api.dispatch.Recommender;
import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.incident.Incident;
import cn.jinhua.risk.api.incident.IncidentAssembler;
import cn.jinhua.risk.api.incident.IncidentStatus;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The lifecycle rules as pure functions, without Elasticsearch. */
class IncidentLifecycleTest {
    static final Instant T0 = Instant.parse("2026-12-29T08:00:00Z");
    static final Recommender R = new Recommender(WorldLoader.loadClasspath());
    static final Function<Severity, Duration> TIMEOUTS = s -> s == Severity.CRITICAL ? Duration.ofMinutes(2) : Duration.ofMinutes(5);

    static IncomingAlert pool(String id, Severity severity, ResponseLevel level) {
        String t = IsoTimes.formatSortable(T0);
        return new IncomingAlert(new Alert(id, "plating.pool-high", 1, 1, false, Scenario.WASTEWATER, severity, "WASTEWATER:plant:wy-e03",
                "wy-e03-pool", "pool high", "应急池高液位", t, t, new Position(28.9012, 119.8604), List.of("wy-park", "wy-e03"),
                1, level, List.of(), JsonNodeFactory.instance.objectNode(), null, null, null, null), T0);
    }

    @Test
    void groupingKeepsTheHighestSeverityAndLevelAndIgnoresRepeats() {
        Incident i = IncidentAssembler.open("WASTEWATER:plant:wy-e03", 1, List.of(pool("a1", Severity.MEDIUM, ResponseLevel.PARK)), T0, R);
        Incident j = IncidentAssembler.absorb(i, List.of(pool("a2", Severity.CRITICAL, ResponseLevel.TOWNSHIP)), T0.plusSeconds(60), R);
        assertThat(j.severity()).isEqualTo("CRITICAL");
        assertThat(j.responseLevel()).isEqualTo("TOWNSHIP");
        assertThat(j.alertIds()).containsExactly("a1", "a2");
        assertThat(j.recommendation()).extracting(RecommendedTeam::teamId).contains("tm-quanxi-town");
        assertThat(IncidentAssembler.absorb(j, List.of(pool("a2", Severity.CRITICAL, ResponseLevel.TOWNSHIP)), T0, R)).isSameAs(j);
    }

    @Test
    void dispatchSetsADeadlineByIncidentSeverityAndAcknowledgingClearsIt() {
        Incident i = IncidentAssembler.open("WASTEWATER:plant:wy-e03", 1, List.of(pool("a1", Severity.HIGH, ResponseLevel.PARK)), T0, R);
        Incident d = IncidentLifecycle.dispatch(i, List.of(R.team("tm-wy-e03", i.location()).orElseThrow()), T0, "bureau", TIMEOUTS, false);
        assertThat(d.status()).isEqualTo(IncidentStatus.DISPATCHED);
        assertThat(d.ackDueAt()).isEqualTo("2026-12-29T16:05:00.000+08:00");
        Incident a = IncidentLifecycle.dispatchStatus(d, "tm-wy-e03", DispatchStatus.ACKNOWLEDGED, T0.plusSeconds(30), "tm-wy-e03");
        assertThat(a.ackDueAt()).isNull();
        assertThat(a.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(IncidentLifecycle.escalate(a, T0.plusSeconds(3600), R, TIMEOUTS)).isEmpty();
    }

    @Test
    void escalationGoesOneLevelUpAndOnlyOncePerDispatch() {
        Incident i = IncidentAssembler.open("WASTEWATER:plant:wy-e03", 1, List.of(pool("a1", Severity.HIGH, ResponseLevel.PARK)), T0, R);
        Incident d = IncidentLifecycle.dispatch(i, List.of(R.team("tm-wy-park", i.location()).orElseThrow()), T0, "bureau", TIMEOUTS, false);
        assertThat(IncidentLifecycle.escalate(d, T0.plusSeconds(299), R, TIMEOUTS)).isEmpty();
        IncidentLifecycle.Escalation e = IncidentLifecycle.escalate(d, T0.plusSeconds(300), R, TIMEOUTS).orElseThrow();
        assertThat(e.fromLevel()).isEqualTo("PARK");
        assertThat(e.toLevel()).isEqualTo("TOWNSHIP");
        assertThat(e.newTeamIds()).containsExactly("tm-quanxi-town");
        assertThat(e.incident().dispatchOf("tm-wy-park").orElseThrow().escalatedAt()).isNotNull();
        assertThat(e.incident().ackDueAt()).isEqualTo("2026-12-29T16:10:00.000+08:00");
        assertThat(IncidentLifecycle.escalate(e.incident(), T0.plusSeconds(301), R, TIMEOUTS)).isEmpty();
    }

    @Test
    void closedIncidentsRefuseChanges() {
        Incident i = IncidentAssembler.open("WASTEWATER:plant:wy-e03", 1, List.of(pool("a1", Severity.HIGH, ResponseLevel.PARK)), T0, R);
        Incident closed = IncidentLifecycle.incidentStatus(i, IncidentStatus.FALSE_ALARM, T0, "bureau", null);
        assertThat(closed.open()).isFalse();
        assertThatThrownBy(() -> IncidentLifecycle.incidentStatus(closed, IncidentStatus.RESOLVED, T0, "bureau", null))
                .isInstanceOf(ApiException.class).hasMessageContaining("is closed");
    }
}
