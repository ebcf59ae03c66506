package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.alert.Alert;
import cn.jinhua.risk.api.alert.IncomingAlert;
import cn.jinhua.risk.api.dispatch.Recommender;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Groups alerts into incidents ({@code docs/alerts.md} "Incidents"): opens an incident for the first alert of a
 * key, adds later alerts of the key while it is open, keeps severity and response level at the
 * highest seen, follows a lost person's latest position, and recomputes the recommended teams.
 * Adding an alert the incident already holds changes nothing. Pure functions; thread-safe.
 */
public final class IncidentAssembler {
    /** Who appears in the timeline for changes made by ingestion. */
    public static final String INGEST_USER = "ingest";
    private static final Set<String> SLUICE_RULES = Set.of(
            "plating.creek-contamination", "plating.sluice-not-closed", "plating.creek-space-filling");

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
        IncomingAlert firstIn = alerts.get(0);
        Alert first = firstIn.alert();
        String at = IsoTimes.formatSortable(now);
        Incident.Builder b = new Incident.Builder();
        b.id = incidentId(incidentKey, generation);
        b.incidentKey = incidentKey;
        b.generation = generation;
        b.scenario = first.scenario().name();
        b.status = IncidentStatus.NEW;
        b.severity = first.severity().name();
        b.responseLevel = first.responseLevel() == null ? null : first.responseLevel().name();
        b.escalationLevel = first.scenario() == Scenario.LOST_PERSON ? "STATION" : b.responseLevel;
        b.title = first.title();
        b.titleZh = first.titleZh();
        b.subjectId = first.subjectId();
        b.plantId = r.plantOf(first.subjectId(), first.zoneIds());
        b.location = firstIn.target();
        b.createdAt = at;
        b.lastAlertAt = IsoTimes.formatSortable(firstIn.eventTime());
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
        return addAll(current.toBuilder(), fresh, IsoTimes.formatSortable(now), r, false);
    }

    private static Incident addAll(Incident.Builder b, List<IncomingAlert> alerts, String at, Recommender r, boolean opening) {
        Set<String> held = new HashSet<>(b.alertIds);
        boolean lostPerson = Scenario.LOST_PERSON.name().equals(b.scenario);
        for (IncomingAlert in : alerts) {
            Alert a = in.alert();
            if (!held.add(a.id())) {
                continue;
            }
            b.alertIds.add(a.id());
            b.alertArrived(a.severity(), at);
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
            String eventAt = IsoTimes.formatSortable(in.eventTime());
            if (eventAt.compareTo(b.lastAlertAt) >= 0) {
                b.lastAlertAt = eventAt;
                if (lostPerson) {
                    b.location = in.target();
                }
            }
            if (b.plantId == null) {
                b.plantId = r.plantOf(a.subjectId(), a.zoneIds());
            }
            b.sluiceMustClose = b.sluiceMustClose || sluiceMustClose(a);
            if (!opening || b.alertIds.size() > 1) {
                b.log(at, INGEST_USER, "ALERT_ADDED", before == after ? null : before.name(),
                        before == after ? null : after.name(), null, a.ruleId() + " " + a.severity() + " " + a.id());
            }
        }
        b.updatedAt = at;
        b.recommendation = new ArrayList<>(r.recommend(b.scenario, b.location, b.plantId,
                effectiveLevel(b.responseLevel, b.escalationLevel), b.sluiceMustClose));
        return b.build();
    }

    /** Whether an alert asks for a sluice to close: tier 3, a creek rule, or a recommendation naming sluices. */
    static boolean sluiceMustClose(Alert a) {
        if ((a.tier() != null && a.tier() >= 3) || SLUICE_RULES.contains(a.ruleId())) {
            return true;
        }
        JsonNode rec = a.recommendation();
        if (rec != null && rec.isObject()) {
            for (Map.Entry<String, JsonNode> e : rec.properties()) {
                if (e.getKey().toLowerCase(Locale.ROOT).contains("sluice") && !e.getValue().isNull()
                        && !(e.getValue().isContainerNode() && e.getValue().isEmpty())
                        && !(e.getValue().isBoolean() && !e.getValue().booleanValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The level a wastewater incident is handled at: the higher of the alerts' level and the escalation reached. */
    public static ResponseLevel effectiveLevel(String responseLevel, String escalationLevel) {
        ResponseLevel l = responseLevel == null ? ResponseLevel.ENTERPRISE : ResponseLevel.valueOf(responseLevel);
        if (escalationLevel != null && !"STATION".equals(escalationLevel) && !"COMMAND_CENTRE".equals(escalationLevel)) {
            l = ResponseLevel.max(l, ResponseLevel.valueOf(escalationLevel));
        }
        return l;
    }
}
