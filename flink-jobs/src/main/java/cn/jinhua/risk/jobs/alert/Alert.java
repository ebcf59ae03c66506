package cn.jinhua.risk.jobs.alert;

import cn.jinhua.risk.contract.Severity;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * An alert as {@code docs/alerts.md} "Fields" defines it ({@code docs/contract/alert.schema.json}):
 * the contract between the jobs, topic {@code risk.alerts} and {@code POST /api/alerts}. Times are
 * ISO-8601 strings with offset (Asia/Shanghai) written by {@code contract.IsoTimes.format}. Build
 * the id with {@link AlertIds}: the same inputs always give the same id, which is what makes
 * redelivery harmless. Immutable.
 *
 * @param scenario LOST_PERSON or WASTEWATER
 * @param subjectId what the alert is about (device or call id, TANK, PLANT, station, SLUICE, CREEK_RESERVOIR)
 * @param title English title
 * @param titleZh Chinese title
 * @param eventTime event time at which the rule's condition became true
 * @param detectedAt wall-clock time the job emitted it
 * @param tier containment tier 1–3 for wastewater alerts, null for lost persons
 * @param responseLevel ENTERPRISE, PARK, TOWNSHIP or COUNTY for wastewater alerts, null otherwise
 * @param recommendation what to do: teams, transfer plan, sluices, as plain maps and lists
 * @param searchArea GeoJSON FeatureCollection (plain maps) for lost-person alerts, else null
 * @param predictedOverflowAt ISO time for overflow forecasts, else null
 * @param lastKnownPosition last fix of a lost person, else null
 * @param nearestTrail nearest trail of a lost person's last fix, else null
 * @param worldVersion the version of the world that raised it: 1 for the world the job started
 *     with, one more per accepted live world change
 * @param shadow whether a shadow version of the rule raised it (never dispatched)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Alert(
        String id,
        String ruleId,
        int ruleVersion,
        String scenario,
        Severity severity,
        String incidentKey,
        String subjectId,
        String title,
        String titleZh,
        String eventTime,
        String detectedAt,
        Location location,
        List<String> zoneIds,
        Integer tier,
        String responseLevel,
        List<Evidence> evidence,
        Map<String, Object> recommendation,
        Map<String, Object> searchArea,
        String predictedOverflowAt,
        LastKnownPosition lastKnownPosition,
        TrailRef nearestTrail,
        int worldVersion,
        boolean shadow) implements Serializable {

    /** WGS84 position of the alert. */
    public record Location(double lat, double lon) implements Serializable {
    }

    /**
     * One input record that contributed to the alert.
     *
     * @param topic source topic
     * @param key the record's subject (deviceId, callId, sensorId)
     * @param ts the record's timestamp as sent
     * @param value the reading, or the record's salient content (plain JSON types)
     */
    public record Evidence(String topic, String key, String ts, Object value) implements Serializable {
    }

    /** Last known fix: position, time, accuracy in metres (null when unknown), source. */
    public record LastKnownPosition(double lat, double lon, String ts, Double accuracyM, String source)
            implements Serializable {
    }

    /** The nearest trail and the distance to it in metres. */
    public record TrailRef(String id, String name, String nameZh, double distanceM) implements Serializable {
    }
}
