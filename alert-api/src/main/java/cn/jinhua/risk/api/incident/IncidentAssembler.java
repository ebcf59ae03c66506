package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.alert.IncomingAlert;
import cn.jinhua.risk.api.alert.Severity;
import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Groups alerts into incidents (SPEC §4 "Grouping"): opens an incident for the first alert of a
 * key, adds later alerts of the key while it is open, keeps severity and response level at the
 * highest seen, follows a lost person's latest position, and recomputes the recommended teams.
 * Adding an alert the incident already holds changes nothing. Pure functions; thread-safe.
 */
public final class IncidentAssembler {
    /** Who appears in the timeline for changes made by ingestion. */
    public static final String INGEST_USER = "ingest";

    private IncidentAssembler() {
    }

    /** The deterministic id of a key's incident of a generation. */
    public static String incidentId(String incidentKey, int generation) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(incidentKey.getBytes(StandardCharsets.UTF_8));
            return "inc-" + HexFormat.of().formatHex(h, 0, 10) + "-" + generation;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** A new incident of generation {@code generation} made of these alerts (same key, not empty). */
    public static Incident open(String incidentKey, int generation, List<IncomingAlert> alerts, Instant now, Recommender r) {
        IncomingAlert first = alerts.get(0);
        String at = Json.iso(now);
        Incident.Builder b = new Incident.Builder();
        b.id = incidentId(incidentKey, generation);
        b.incidentKey = incidentKey;
        b.generation = generation;
        b.scenario = first.scenario();
        b.status = IncidentStatus.NEW;
        b.severity = first.severity().name();
        b.responseLevel = first.responseLevel() == null ? null : first.responseLevel().name();
        b.escalationLevel = Scenario.LOST_PERSON.name().equals(first.scenario()) ? "STATION" : b.responseLevel;
        b.title = first.title();
        b.titleZh = first.titleZh();
        b.subjectId = first.subjectId();
        b.plantId = r.plantOf(first);
        b.location = new GeoPoint(first.lat(), first.lon());
        b.createdAt = at;
        b.lastAlertAt = Json.iso(first.eventTime());
        b.log(at, INGEST_USER, "CREATED", null, IncidentStatus.NEW.name(), null, "from alert " + first.id());
        return addAll(b, alerts, at, r, true);
    }

    /**
     * The incident with the alerts it does not hold yet added; the same incident when it holds
     * them all. The caller checks that it is open.
     */
    public static Incident absorb(Incident current, List<IncomingAlert> alerts, Instant now, Recommender r) {
        Set<String> held = new HashSet<>(current.alertIds());
        List<IncomingAlert> fresh = alerts.stream().filter(a -> !held.contains(a.id())).toList();
        if (fresh.isEmpty()) {
            return current;
        }
        return addAll(current.toBuilder(), fresh, Json.iso(now), r, false);
    }

    private static Incident addAll(Incident.Builder b, List<IncomingAlert> alerts, String at, Recommender r, boolean opening) {
        Set<String> held = new HashSet<>(b.alertIds);
        boolean lostPerson = Scenario.LOST_PERSON.name().equals(b.scenario);
        for (IncomingAlert a : alerts) {
            if (!held.add(a.id())) {
                continue;
            }
            b.alertIds.add(a.id());
            Severity before = Severity.valueOf(b.severity);
            Severity after = Severity.max(before, a.severity());
            b.severity = after.name();
            if (a.responseLevel() != null) {
                b.responseLevel = b.responseLevel == null ? a.responseLevel().name()
                        : ResponseLevel.max(ResponseLevel.valueOf(b.responseLevel), a.responseLevel()).name();
                if (!lostPerson) {
                    b.escalationLevel = b.escalationLevel == null ? b.responseLevel
                            : ResponseLevel.max(ResponseLevel.valueOf(b.escalationLevel), ResponseLevel.valueOf(b.responseLevel)).name();
                }
            }
            String eventAt = Json.iso(a.eventTime());
            if (eventAt.compareTo(b.lastAlertAt) >= 0) {
                b.lastAlertAt = eventAt;
                if (lostPerson) {
                    b.location = new GeoPoint(a.lat(), a.lon());
                }
            }
            if (b.plantId == null) {
                b.plantId = r.plantOf(a);
            }
            b.sluiceMustClose = b.sluiceMustClose || Recommender.sluiceMustClose(a);
            if (!opening || b.alertIds.size() > 1) {
                b.log(at, INGEST_USER, "ALERT_ADDED", before == after ? null : before.name(),
                        before == after ? null : after.name(), null, a.ruleId() + " " + a.severity() + " " + a.id());
            }
        }
        b.updatedAt = at;
        b.recommendation = new java.util.ArrayList<>(r.recommend(b.scenario, b.location, b.plantId,
                effectiveLevel(b.responseLevel, b.escalationLevel), b.sluiceMustClose));
        return b.build();
    }

    /** The level a wastewater incident is handled at: the higher of the alerts' level and the escalation reached. */
    static ResponseLevel effectiveLevel(String responseLevel, String escalationLevel) {
        ResponseLevel l = responseLevel == null ? ResponseLevel.ENTERPRISE : ResponseLevel.valueOf(responseLevel);
        if (escalationLevel != null && !"STATION".equals(escalationLevel) && !"COMMAND_CENTRE".equals(escalationLevel)) {
            l = ResponseLevel.max(l, ResponseLevel.valueOf(escalationLevel));
        }
        return l;
    }
}
