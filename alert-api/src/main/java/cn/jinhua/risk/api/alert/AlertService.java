package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.live.EventDraft;
import cn.jinhua.risk.api.live.EventService;
import cn.jinhua.risk.api.query.Paging;
import cn.jinhua.risk.api.query.Params;
import cn.jinhua.risk.api.query.Sorting;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.store.Page;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.Scenario;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts: ingestion (validation, idempotence by id, grouping into incidents, live events) and
 * scoped, masked queries. A batch is validated as a whole: one bad alert refuses the batch with
 * every reason and stores nothing, so the sender can split it and dead-letter only the bad ones.
 * Thread-safe.
 */
@Singleton
public class AlertService {
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
    private final AlertRepository repository;
    private final AlertIncidents incidents;
    private final EventService events;
    private final IngestProperties limits;
    private final Clock clock;

    AlertService(AlertRepository repository, AlertIncidents incidents, EventService events,
                 IngestProperties limits, Clock clock) {
        this.repository = repository;
        this.incidents = incidents;
        this.events = events;
        this.limits = limits;
        this.clock = clock;
    }

    /** {@code POST /api/alerts}: one alert object or an array of them, as the UTF-8 bytes sent. */
    public IngestView ingest(byte[] body) {
        long start = System.nanoTime();
        try {
            return parseAndStore(body);
        } finally {
            if (LOG.isDebugEnabled()) {
                LOG.debug("ingest request took {} ms", (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    private IngestView parseAndStore(byte[] body) {
        if (body == null || isBlank(body)) {
            throw ApiException.badRequest("body: expected an alert object or an array of alerts, got nothing");
        }
        Instant now = clock.instant();
        List<IncomingAlert> parsed = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() == JsonToken.START_ARRAY) {
                parseBatch(p, parsed);
            } else {
                if (body.length > limits.maxAlertBytes()) {
                    throw ApiException.tooLarge("body: an alert may be at most " + limits.maxAlertBytes() + " bytes");
                }
                parsed.add(AlertParser.parse(Json.MAPPER.readTree(p), ""));
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("body: malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a request body held in memory failed", e);
        }
        return store(parsed, now);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the alerts of an array one at a time, measuring each by its extent in the body as sent
     * (re-serialising every alert only to measure it would cost as much as parsing it). Every bad
     * alert is reported, then the batch is refused as a whole.
     */
    private void parseBatch(JsonParser p, List<IncomingAlert> parsed) throws IOException {
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw ApiException.badRequest("body: malformed JSON: the array of alerts is not closed");
            }
            if (++count > limits.maxBatchAlerts()) {
                throw ApiException.tooLarge("body: more than " + limits.maxBatchAlerts() + " alerts in one batch");
            }
            String where = "alerts[" + (count - 1) + "].";
            long start = p.currentTokenLocation().getByteOffset();
            JsonNode alert = Json.MAPPER.readTree(p);
            long end = p.currentLocation().getByteOffset();
            if (end - start > limits.maxAlertBytes()) {
                throw ApiException.tooLarge("alerts[" + (count - 1) + "]: an alert may be at most "
                        + limits.maxAlertBytes() + " bytes");
            }
            try {
                parsed.add(AlertParser.parse(alert, where));
            } catch (ApiException e) {
                problems.add(e.getMessage());
            }
        }
        if (count == 0) {
            throw ApiException.badRequest("body: empty batch");
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(problems.size() + " of " + count + " alerts refused, nothing stored: "
                    + String.join("; ", problems.subList(0, Math.min(20, problems.size())))
                    + (problems.size() > 20 ? "; …" : ""));
        }
    }

    private IngestView store(List<IncomingAlert> parsed, Instant receivedAt) {
        long t0 = System.nanoTime();
        Map<String, IncomingAlert> unique = new LinkedHashMap<>();
        for (IncomingAlert a : parsed) {
            unique.putIfAbsent(a.id(), a);
        }
        // No look-up of stored ids first: grouping is idempotent (an incident holding an alert keeps
        // it once) and the create below refuses a stored id, so a redelivery changes nothing.
        List<IncomingAlert> fresh = List.copyOf(unique.values());
        // A shadow version's alerts are stored and nothing else: no incident (so no dispatch,
        // escalation or field team ever sees them), no live event.
        AlertIncidents.Grouping absorbed = incidents.group(fresh.stream().filter(a -> !a.alert().shadow()).toList());
        long t1 = System.nanoTime();
        List<BulkWriter.Item> creations = new ArrayList<>(fresh.size());
        List<EventDraft> drafts = new ArrayList<>(absorbed.events());
        for (IncomingAlert a : fresh) {
            creations.add(repository.creation(a.id(), AlertParser.stored(a, absorbed.incidentOf().get(a.id()), receivedAt)));
            if (absorbed.added().contains(a.id())) {
                drafts.add(alertEvent(a, absorbed.incidentOf().get(a.id())));
            }
        }
        drafts.addAll(lostAnnouncements(fresh.stream().filter(a -> !a.alert().shadow()).toList(), absorbed.added(),
                absorbed.incidentOf()));
        // The alerts and their live events in one request: an alert is announced as soon as it is
        // stored, and a lone alert waits for two writes (its incident, then this), not three.
        Set<String> created = repository.created(events.publish(drafts, creations).alongside());
        long t2 = System.nanoTime();
        if (LOG.isDebugEnabled()) {
            LOG.debug("ingested {} alerts ({} new): incidents {} ms, alerts and events {} ms", parsed.size(), created.size(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        }
        List<IngestView.Item> items = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (IncomingAlert a : parsed) {
            if (reported.add(a.id())) {
                items.add(new IngestView.Item(a.id(), absorbed.incidentOf().get(a.id()), created.contains(a.id())));
            }
        }
        return new IngestView(parsed.size(), created.size(), parsed.size() - created.size(), items);
    }

    /**
     * The announcements of alerts their incident held already whose publish failed (the sender
     * then retries): their alert events and their incidents as they are now. Looked up only when
     * a request holds alerts their incident held, which only a redelivery does. One sender owns an
     * incident (the job keys its push by incident), so no other request is between grouping and
     * announcing these alerts.
     */
    private List<EventDraft> lostAnnouncements(List<IncomingAlert> fresh, Set<String> added, Map<String, String> incidentOf) {
        Map<String, IncomingAlert> stored = new LinkedHashMap<>();
        for (IncomingAlert a : fresh) {
            if (!added.contains(a.id())) {
                stored.put(announcement(a.id()), a);
            }
        }
        if (stored.isEmpty()) {
            return List.of();
        }
        stored.keySet().removeAll(events.announced(stored.keySet()));
        if (stored.isEmpty()) {
            return List.of();
        }
        LOG.info("announcing again {} alerts stored before whose live events were lost: {}", stored.size(),
                stored.values().stream().map(IncomingAlert::id).limit(10).toList());
        Set<String> incidentIds = new LinkedHashSet<>();
        List<EventDraft> alertEvents = new ArrayList<>();
        for (IncomingAlert a : stored.values()) {
            String incidentId = incidentOf.get(a.id());
            incidentIds.add(incidentId);
            alertEvents.add(alertEvent(a, incidentId));
        }
        List<EventDraft> out = new ArrayList<>(incidents.current(incidentIds));
        out.addAll(alertEvents);
        return out;
    }

    private static String announcement(String alertId) {
        return "alert:" + alertId;
    }

    private static EventDraft alertEvent(IncomingAlert in, String incidentId) {
        Alert a = in.alert();
        return new EventDraft("alert", a.scenario().name(), List.of(), new AlertEvent("CREATED", a.id(), incidentId,
                a.ruleId(), a.scenario(), a.severity(), a.title(), a.titleZh(), IsoTimes.formatSortable(in.eventTime()),
                a.location()), announcement(a.id()));
    }

    /** {@code GET /api/alerts/{id}}. */
    public AlertView get(String id, Caller caller) {
        StoredAlert a = repository.find(id).orElseThrow(() -> ApiException.notFound("no alert " + id));
        if (!caller.seesScenario(a.alert().scenario().name())) {
            throw ApiException.forbidden("alert " + id + " is outside your scope");
        }
        String incidentId = a.incidentId();
        String status = incidentId == null ? null : incidents.statuses(List.of(incidentId)).get(incidentId);
        return AlertView.of(a, status, caller);
    }

    /** {@code GET /api/alerts}: newest event first (or as {@code sort} says), scoped to the caller's scenarios, evidence masked. */
    public AlertPage search(AlertListCommand cmd, Caller caller) {
        Paging paging = Paging.parse(cmd.from(), cmd.size(), cmd.page());
        Set<String> scenarios = caller.visibleScenarios();
        if (scenarios != null && scenarios.isEmpty()) {
            throw ApiException.forbidden("alerts are not visible to you; see your incidents");
        }
        String scenario = Params.oneOf("scenario", cmd.scenario(), Scenario.values());
        String severity = Params.oneOf("severity", cmd.severity(), Severity.values());
        String status = Params.oneOf("status", cmd.status(), incidents.statusNames());
        Instant since = Params.time("since", cmd.since());
        Instant until = Params.time("until", cmd.until());
        if (since != null && until != null && !since.isBefore(until)) {
            throw ApiException.badRequest("since must be before until");
        }
        double[] near = Params.near(cmd.near());
        Sorting sort = Sorting.parse(cmd.sort(), AlertQuery.SORTS, AlertQuery.NEWEST_FIRST);
        String q = cmd.q() == null || cmd.q().isBlank() ? null : cmd.q().strip();
        if (q != null && q.length() > 200) {
            throw ApiException.badRequest("q: at most 200 characters");
        }
        String ruleId = cmd.ruleId() == null || cmd.ruleId().isBlank() ? null : cmd.ruleId();
        boolean shadow = Params.bool("shadow", cmd.shadow());
        List<String> incidentIds = null;
        if (status != null) {
            incidentIds = incidents.idsWithStatus(status, scenarios);
            if (incidentIds.isEmpty()) {
                return new AlertPage(List.of(), 0);
            }
        }
        Page<StoredAlert> page = repository.search(new AlertQuery(scenarios, scenario, ruleId, severity,
                incidentIds, since, until, near, q, shadow, sort, paging.from(), paging.size()));
        Set<String> ids = new HashSet<>();
        page.items().forEach(a -> {
            if (a.incidentId() != null) {
                ids.add(a.incidentId());
            }
        });
        Map<String, String> statuses = incidents.statuses(ids);
        List<AlertView> items = new ArrayList<>(page.items().size());
        for (StoredAlert a : page.items()) {
            items.add(AlertView.of(a, statuses.get(a.incidentId()), caller));
        }
        return new AlertPage(items, page.total());
    }
}
