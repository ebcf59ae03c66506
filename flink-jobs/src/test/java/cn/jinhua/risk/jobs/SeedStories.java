package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.alert.Alert;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the seed stories must raise, asserted in one place for every run of them: the seed ITs
 * (file order) and the shuffled runs ({@code ShuffledScenariosIT}).
 */
public final class SeedStories {
    public static final String PLANT = "WASTEWATER:plant:wy-e03";
    public static final String CREEK = "WASTEWATER:creek:wy-creek-space";

    private SeedStories() {
    }

    /** What a plant-fire alert is asserted on. */
    public record Seen(String eventTime, String ruleId, String subjectId, String severity, int tier, String level,
                       String incidentKey) {
        public static Seen of(Alert a) {
            return new Seen(a.eventTime(), a.ruleId(), a.subjectId(), a.severity().name(), a.tier(), a.responseLevel(),
                    a.incidentKey());
        }
    }

    /** A story's alerts in the order the assertions list them: event time, rule, subject. */
    public static List<Alert> sorted(List<Alert> alerts) {
        return alerts.stream()
                .sorted(Comparator.comparing(Alert::eventTime).thenComparing(Alert::ruleId).thenComparing(Alert::subjectId))
                .toList();
    }

    static String at(String hhmmss) {
        return "2026-12-19T" + hhmmss + "+08:00";
    }

    /** The four Beishan stories replayed together: exactly the alerts they call for, at their times, complete. */
    public static void assertBeishan(List<Alert> alerts) {
        assertThat(alerts).extracting(Alert::ruleId, Alert::subjectId, Alert::severity, Alert::incidentKey)
                .containsExactlyInAnyOrder(
                        // Father and son stuck below the Dapanjian cliffs from 15:52.
                        tuple("hiker.off-trail-stationary", "d-bs-father", Severity.HIGH, "LOST_PERSON:device:d-bs-father"),
                        tuple("hiker.off-trail-stationary", "d-bs-son", Severity.HIGH, "LOST_PERSON:device:d-bs-son"),
                        tuple("hiker.after-dark", "d-bs-father", Severity.HIGH, "LOST_PERSON:device:d-bs-father"),
                        tuple("hiker.after-dark", "d-bs-son", Severity.HIGH, "LOST_PERSON:device:d-bs-son"),
                        tuple("hiker.distress-call", "d-bs-father", Severity.CRITICAL, "LOST_PERSON:device:d-bs-father"),
                        tuple("hiker.signal-lost", "d-bs-father", Severity.HIGH, "LOST_PERSON:device:d-bs-father"),
                        // Two friends lost in snow near the viewpoint.
                        tuple("hiker.after-dark", "d-bs-snow-1", Severity.HIGH, "LOST_PERSON:device:d-bs-snow-1"),
                        tuple("hiker.after-dark", "d-bs-snow-2", Severity.HIGH, "LOST_PERSON:device:d-bs-snow-2"),
                        tuple("hiker.distress-call", "d-bs-snow-1", Severity.CRITICAL, "LOST_PERSON:device:d-bs-snow-1"),
                        tuple("hiker.signal-lost", "d-bs-snow-1", Severity.HIGH, "LOST_PERSON:device:d-bs-snow-1"),
                        tuple("hiker.signal-lost", "d-bs-snow-2", Severity.HIGH, "LOST_PERSON:device:d-bs-snow-2"));
        // Day hikers, the north-valley walker and the relative calling from the city: nothing.

        Map<String, String> times = alerts.stream().collect(Collectors.toMap(a -> a.ruleId() + "/" + a.subjectId(), Alert::eventTime));
        assertThat(times).containsEntry("hiker.off-trail-stationary/d-bs-father", at("16:12:10"))
                .containsEntry("hiker.off-trail-stationary/d-bs-son", at("16:12:35"))
                .containsEntry("hiker.distress-call/d-bs-father", at("17:48:31"))
                .containsEntry("hiker.signal-lost/d-bs-father", at("19:09:00"))
                .containsEntry("hiker.distress-call/d-bs-snow-1", at("21:02:14"))
                .containsEntry("hiker.signal-lost/d-bs-snow-1", at("21:55:00"))
                .containsEntry("hiker.signal-lost/d-bs-snow-2", at("21:35:00"));
        for (String device : List.of("d-bs-father", "d-bs-son", "d-bs-snow-1", "d-bs-snow-2")) {
            // Sunset in Jinhua on 19 December is about 17:04; after-dark is half an hour later.
            assertThat(OffsetDateTime.parse(times.get("hiker.after-dark/" + device)))
                    .isBetween(OffsetDateTime.parse(at("17:30:00")), OffsetDateTime.parse(at("17:40:00")));
        }

        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.scenario()).isEqualTo("LOST_PERSON");
            assertThat(a.lastKnownPosition()).isNotNull();
            assertThat(a.nearestTrail()).isNotNull();
            assertThat(a.searchArea()).containsEntry("type", "FeatureCollection");
            assertThat(a.evidence()).isNotEmpty();
            assertThat(a.title()).isNotBlank();
            assertThat(a.titleZh()).isNotBlank();
            assertThat((List<?>) a.recommendation().get("teams")).hasSizeGreaterThanOrEqualTo(4);
        });
    }

    /** The Wuyi plant fire: the escalating incident and the late sluice, exactly. */
    public static void assertPlantFire(List<Alert> unsorted) {
        List<Alert> alerts = sorted(unsorted);
        assertThat(alerts).extracting(Seen::of).containsExactly(
                new Seen("2026-12-18T15:19:00+08:00", "plating.pool-overflow-forecast", "wy-e03-pool", "HIGH", 1,
                        "ENTERPRISE", PLANT),
                new Seen("2026-12-18T15:26:00+08:00", "plating.pool-high", "wy-e03-pool", "MEDIUM", 1, "ENTERPRISE", PLANT),
                new Seen("2026-12-18T15:31:00+08:00", "plating.enclosure-water", "wy-e03", "HIGH", 2, "PARK", PLANT),
                new Seen("2026-12-18T16:01:00+08:00", "plating.enclosure-water", "wy-e03", "CRITICAL", 3, "TOWNSHIP", PLANT),
                new Seen("2026-12-18T16:10:00+08:00", "plating.creek-contamination", "wy-wq-down", "CRITICAL", 3,
                        "COUNTY", CREEK),
                // Ordered closed at 16:01 by the enclosure alert; the upstream sluice closed by 16:08.
                new Seen("2026-12-18T16:11:00+08:00", "plating.sluice-not-closed", "wy-sluice-down", "CRITICAL", 3,
                        "COUNTY", CREEK));
        assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        Alert forecast = alerts.get(0);
        assertThat(forecast.predictedOverflowAt()).isEqualTo("2026-12-18T15:48:00+08:00");
        assertThat(forecast.recommendation().get("transferPlan").toString())
                .contains("wy-pipe-02-03", "wy-pipe-03-04", "wy-pipe-03-08", "sufficient=true");
        assertThat(alerts.get(5).recommendation().get("orderedBy").toString()).contains(alerts.get(3).id());
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.titleZh()).isNotBlank();
            assertThat(a.evidence()).isNotEmpty();
            assertThat(a.zoneIds()).isNotEmpty();
            assertThat((List<?>) a.recommendation().get("teams")).isNotEmpty();
        });
    }
}
