package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.alert.AlertIncidents;
import cn.jinhua.risk.api.alert.AlertRepository;
import cn.jinhua.risk.api.alert.AlertView;
import cn.jinhua.risk.api.alert.IncomingAlert;
import cn.jinhua.risk.api.alert.StoredAlert;
import cn.jinhua.risk.api.dispatch.Dispatch;
import cn.jinhua.risk.api.dispatch.Recommender;
import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.live.EventDraft;
import cn.jinhua.risk.api.query.Paging;
import cn.jinhua.risk.api.query.Params;
import cn.jinhua.risk.api.query.Sorting;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.CallerNumberMasker;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.api.store.Page;
import cn.jinhua.risk.api.store.VersionConflictException;
import cn.jinhua.risk.api.store.Versioned;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.Scenario;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Incidents: grouping of ingested alerts (race-free across concurrent ingests, idempotent on
 * redelivery), scoped queries, and the optimistic-concurrency change loop the lifecycle uses.
 * Thread-safe.
 */
@Singleton
public class IncidentService implements AlertIncidents {
    /** Attempts of a read-modify-write before giving up with 409. */
    static final int MAX_ATTEMPTS = 32;
    private static final int ALERTS_IN_DETAIL = 200;
    /** The timeline action whose detail is a note someone typed. */
    private static final String STATUS_CHANGED = "STATUS_CHANGED";
    private static final int STATUS_FILTER_LIMIT = 10_000;
    /** Incidents remembered for ingest: a few thousand documents of a few kilobytes each. */
    private static final int RECENT_INCIDENTS = 4_096;
    /** Incident keys whose generation is remembered: a few megabytes at most. */
    private static final int GENERATION_HINTS = 65_536;
    private static final List<String> STATUS_NAMES = Arrays.stream(IncidentStatus.values()).map(Enum::name).toList();

    private final IncidentRepository repository;
    private final AlertRepository alerts;
    private final Recommender recommender;
    private final Clock clock;
    /**
     * Last generation seen per key: saves walking closed generations again. A hint, always
     * re-checked; a key that has fallen out is handled as after a restart (create, conflict, re-read).
     */
    private final Map<String, Integer> generationHint = recentlyUsed(GENERATION_HINTS);
    /**
     * Incidents as this process last wrote or read them: the basis of the next ingest's
     * conditional write, which saves reading them again. A guess: a stale one conflicts.
     */
    private final Map<String, Versioned<Incident>> recent = recentlyUsed(RECENT_INCIDENTS);

    IncidentService(IncidentRepository repository, AlertRepository alerts, Recommender recommender, Clock clock) {
        this.repository = repository;
        this.alerts = alerts;
        this.recommender = recommender;
        this.clock = clock;
    }

    /** A synchronized map that forgets its least recently used entry beyond {@code capacity}. */
    private static <V> Map<String, V> recentlyUsed(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * Puts alerts into their incidents ({@code docs/alerts.md} "Incidents"): the open incident of
     * their key, or a new one when there is none or the last one is closed. Alerts an incident
     * already holds are not added again. All keys are handled together, one bulk write per round;
     * conflicting writes are re-read (one multi-get for all of them) and retried. The first round
     * builds on the versions this process last wrote or read, and creates the incidents of keys it
     * has never seen, without reading first: a stale guess only costs a conflict and a re-read,
     * never an update.
     */
    @Override
    public Grouping group(List<IncomingAlert> incoming) {
        Map<String, List<IncomingAlert>> pending = new LinkedHashMap<>();
        for (IncomingAlert a : incoming) {
            pending.computeIfAbsent(a.incidentKey(), k -> new ArrayList<>()).add(a);
        }
        Map<String, Integer> generation = new HashMap<>();
        Set<String> unseenKeys = new HashSet<>();
        for (String k : pending.keySet()) {
            Integer hint = generationHint.get(k);
            generation.put(k, hint == null ? 1 : hint);
            if (hint == null) {
                unseenKeys.add(k);
            }
        }
        Map<String, String> incidentOf = new HashMap<>();
        Set<String> added = new HashSet<>();
        List<EventDraft> events = new ArrayList<>();
        // The version each write of this call builds on; a null value: absent as far as we know.
        Map<String, Versioned<Incident>> basis = new HashMap<>();
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round >= MAX_ATTEMPTS) {
                throw ApiException.conflict("incidents " + pending.keySet() + " kept changing concurrently; retry");
            }
            Map<String, String> idOfKey = new LinkedHashMap<>();
            pending.keySet().forEach(k -> idOfKey.put(k, IncidentAssembler.incidentId(k, generation.get(k))));
            List<String> toRead = new ArrayList<>();
            for (Map.Entry<String, String> e : idOfKey.entrySet()) {
                String id = e.getValue();
                if (basis.containsKey(id)) {
                    continue;
                }
                Versioned<Incident> known = recent.get(id);
                if (known != null) {
                    basis.put(id, known);
                } else if (round == 0 && unseenKeys.contains(e.getKey())) {
                    basis.put(id, null);
                } else {
                    toRead.add(id);
                }
            }
            if (!toRead.isEmpty()) {
                Map<String, Versioned<Incident>> found = repository.findAll(toRead);
                for (String id : toRead) {
                    Versioned<Incident> v = found.get(id);
                    basis.put(id, v);
                    if (v != null) {
                        recent.put(id, v);
                    }
                }
            }
            List<IncidentRepository.Write> writes = new ArrayList<>();
            Map<String, String> keyOfWrite = new HashMap<>();
            for (Map.Entry<String, List<IncomingAlert>> e : new ArrayList<>(pending.entrySet())) {
                String key = e.getKey();
                String id = idOfKey.get(key);
                Versioned<Incident> cur = basis.get(id);
                List<IncomingAlert> todo = e.getValue();
                if (cur == null) {
                    writes.add(new IncidentRepository.Write(
                            IncidentAssembler.open(key, generation.get(key), todo, clock.instant(), recommender), null));
                    keyOfWrite.put(id, key);
                    continue;
                }
                // A version remembered from earlier holds a subset of today's alert ids (ids are only
                // ever added) and a closed incident never reopens, so both checks hold for the stored one.
                Set<String> held = Set.copyOf(cur.value().alertIds());
                List<IncomingAlert> fresh = new ArrayList<>();
                for (IncomingAlert a : todo) {
                    if (held.contains(a.id())) {
                        incidentOf.put(a.id(), id);
                    } else {
                        fresh.add(a);
                    }
                }
                if (fresh.isEmpty()) {
                    pending.remove(key);
                } else if (!cur.value().open()) {
                    generation.merge(key, 1, Integer::sum);
                    pending.put(key, fresh);
                } else {
                    writes.add(new IncidentRepository.Write(
                            IncidentAssembler.absorb(cur.value(), fresh, clock.instant(), recommender), cur));
                    keyOfWrite.put(id, key);
                    pending.put(key, fresh);
                }
            }
            Map<String, Versioned<Incident>> written = repository.writeAll(writes);
            for (IncidentRepository.Write w : writes) {
                String id = w.next().id();
                Versioned<Incident> stored = written.get(id);
                if (stored == null) {
                    basis.remove(id);
                    recent.remove(id);
                    continue;
                }
                recent.put(id, stored);
                String key = keyOfWrite.get(id);
                for (IncomingAlert a : pending.remove(key)) {
                    incidentOf.put(a.id(), id);
                    added.add(a.id());
                }
                generationHint.put(key, w.next().generation());
                events.add(incidentEvent(w.next(), w.base() == null ? "CREATED" : "ALERT_ADDED", null));
            }
        }
        return new Grouping(incidentOf, events, added);
    }

    /**
     * Applies a change with optimistic concurrency: read, change, write only if nobody wrote in
     * between, else re-read and apply again, so concurrent changes are all kept. With
     * {@code expectedVersion} the caller's change was decided on that version: if the incident has
     * moved on, 409 and the caller decides again.
     *
     * @return the stored result (the current version when the change changed nothing)
     */
    public Versioned<Incident> change(String id, String expectedVersion, UnaryOperator<Incident> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Versioned<Incident> cur = repository.find(id)
                    .orElseThrow(() -> ApiException.notFound("no incident " + id));
            if (expectedVersion != null && !expectedVersion.equals(cur.token())) {
                throw ApiException.conflict("incident " + id + " changed since version " + expectedVersion
                        + " (now " + cur.token() + "); reload it and decide again");
            }
            Incident next = change.apply(cur.value());
            if (next == cur.value()) {
                return cur;
            }
            try {
                Versioned<Incident> stored = repository.update(cur, next);
                recent.computeIfPresent(id, (k, v) -> stored);
                return stored;
            } catch (VersionConflictException e) {
                Thread.onSpinWait();
            }
        }
        throw ApiException.conflict("incident " + id + " kept changing concurrently; retry");
    }

    /** The incident, if the caller may see it; 404 when absent, 403 when outside the caller's scope. */
    public Versioned<Incident> visible(String id, Caller caller) {
        Versioned<Incident> v = repository.find(id).orElseThrow(() -> ApiException.notFound("no incident " + id));
        requireVisible(v.value(), caller);
        return v;
    }

    public static void requireVisible(Incident i, Caller caller) {
        if (caller.seesScenario(i.scenario())) {
            return;
        }
        if (caller.has(Roles.FIELD_TEAM) && caller.teamId() != null && i.teamIds().contains(caller.teamId())) {
            return;
        }
        throw ApiException.forbidden("incident " + i.id() + " is outside your scope");
    }

    /** {@code GET /api/incidents/{id}}: the incident with its alerts and timeline. */
    public IncidentView detail(String id, Caller caller) {
        Versioned<Incident> v = visible(id, caller);
        String status = v.value().status().name();
        List<AlertView> its = new ArrayList<>();
        for (StoredAlert a : alerts.ofIncident(id, ALERTS_IN_DETAIL)) {
            its.add(AlertView.of(a, status, caller));
        }
        return view(v, caller, true, its);
    }

    /** {@code GET /api/incidents}: newest change first, scoped to the caller. */
    public IncidentPage list(IncidentListCommand cmd, Caller caller) {
        Paging paging = Paging.parse(cmd.from(), cmd.size(), cmd.page());
        String scenario = Params.oneOf("scenario", cmd.scenario(), Scenario.values());
        String status = Params.oneOf("status", cmd.status(), IncidentStatus.values());
        String severity = Params.oneOf("severity", cmd.severity(), Severity.values());
        Boolean open = null;
        if (cmd.open() != null) {
            if (!cmd.open().equals("true") && !cmd.open().equals("false")) {
                throw ApiException.badRequest("open: expected true or false, got \"" + cmd.open() + "\"");
            }
            open = Boolean.valueOf(cmd.open());
        }
        Set<String> scenarios = caller.visibleScenarios();
        String teamId = null;
        if (scenarios != null && scenarios.isEmpty()) {
            if (caller.teamId() == null) {
                throw ApiException.forbidden("no incidents are visible to you");
            }
            scenarios = null;
            teamId = caller.teamId();
        }
        Instant since = Params.time("since", cmd.since());
        Instant until = Params.time("until", cmd.until());
        if (since != null && until != null && !since.isBefore(until)) {
            throw ApiException.badRequest("since must be before until");
        }
        double[] near = Params.near(cmd.near());
        Sorting sort = Sorting.parse(cmd.sort(), IncidentQuery.SORTS, IncidentQuery.RECENTLY_CHANGED_FIRST);
        Page<Versioned<Incident>> page = repository.search(new IncidentQuery(scenarios, scenario,
                status == null ? null : IncidentStatus.valueOf(status), severity, teamId, open, since, until, near, sort,
                paging.from(), paging.size()));
        List<IncidentView> items = new ArrayList<>();
        for (Versioned<Incident> v : page.items()) {
            items.add(view(v, caller, false, null));
        }
        return new IncidentPage(items, page.total());
    }

    @Override
    public List<String> statusNames() {
        return STATUS_NAMES;
    }

    @Override
    public List<String> idsWithStatus(String status, Set<String> scenarios) {
        return repository.idsWithStatus(IncidentStatus.valueOf(status), scenarios, STATUS_FILTER_LIMIT);
    }

    /**
     * Ids of open incidents with a dispatch overdue for acknowledgement at {@code now}, or of a
     * severity of {@code unseenBefore} whose alerts nobody acknowledged since its instant or earlier
     * (and that did not escalate for it yet).
     */
    public List<String> dueForEscalation(Instant now, Map<String, Instant> unseenBefore, int limit) {
        return repository.dueForEscalation(now, unseenBefore, limit);
    }

    @Override
    public List<EventDraft> current(Collection<String> incidentIds) {
        List<EventDraft> out = new ArrayList<>();
        for (Versioned<Incident> v : repository.findAll(List.copyOf(new LinkedHashSet<>(incidentIds))).values()) {
            out.add(incidentEvent(v.value(), "ALERT_ADDED", null));
        }
        return out;
    }

    @Override
    public Map<String, String> statuses(Collection<String> ids) {
        return repository.statuses(new LinkedHashSet<>(ids));
    }

    /** The live event of an incident change. */
    public static EventDraft incidentEvent(Incident i, String action, String user) {
        return new EventDraft("incident", i.scenario(), i.teamIds(), new IncidentEvent(action, i.id(), i.incidentKey(),
                i.scenario(), i.status(), i.severity(), i.title(), i.titleZh(), i.alertCount(), i.teamIds(), i.updatedAt(),
                user));
    }

    /** The incident as the caller may see it: a field team sees only its own dispatch. */
    public static IncidentView view(Versioned<Incident> v, Caller caller, boolean detail, List<AlertView> alerts) {
        Incident i = v.value();
        List<Dispatch> dispatches = i.dispatches();
        List<TimelineEntry> timeline = detail ? i.timeline() : null;
        if (caller.onlyFieldTeam()) {
            String team = caller.teamId();
            dispatches = dispatches.stream().filter(d -> d.teamId().equals(team)).toList();
            if (timeline != null) {
                timeline = timeline.stream().filter(t -> t.teamId() == null || t.teamId().equals(team)).toList();
            }
        }
        String incidentKey = i.incidentKey();
        String subjectId = i.subjectId();
        String title = i.title();
        String titleZh = i.titleZh();
        if (!caller.seesCallerNumbers()) {
            // A call without a device is its own subject and incident key, and a call id may be a number.
            incidentKey = CallerNumberMasker.maskText(incidentKey);
            subjectId = CallerNumberMasker.maskText(subjectId);
            title = CallerNumberMasker.maskText(title);
            titleZh = CallerNumberMasker.maskText(titleZh);
            if (timeline != null) {
                // Status notes are what people typed; the other details are ids and names the API wrote.
                timeline = timeline.stream().map(t -> t.detail() == null || !STATUS_CHANGED.equals(t.action()) ? t
                        : new TimelineEntry(t.at(), t.user(), t.action(), t.from(), t.to(), t.teamId(),
                                CallerNumberMasker.maskText(t.detail()))).toList();
            }
        }
        return new IncidentView(i.id(), incidentKey, i.scenario(), i.status(), i.open(), i.severity(),
                i.responseLevel(), i.escalationLevel(), title, titleZh, subjectId, i.plantId(), i.location(),
                i.createdAt(), i.updatedAt(), i.lastAlertAt(), i.ackDueAt(), i.alertCount(), i.sluiceMustClose(),
                dispatches, i.recommendation(), timeline, alerts, v.token(), i.unseenSince(), i.seenBy(), i.seenAt());
    }
}
