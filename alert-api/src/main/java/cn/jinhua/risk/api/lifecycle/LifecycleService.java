package cn.jinhua.risk.api.lifecycle;

import cn.jinhua.risk.api.dispatch.Dispatch;
import cn.jinhua.risk.api.dispatch.DispatchStatus;
import cn.jinhua.risk.api.dispatch.RecommendedTeam;
import cn.jinhua.risk.api.dispatch.Recommender;
import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.incident.Incident;
import cn.jinhua.risk.api.incident.IncidentService;
import cn.jinhua.risk.api.incident.IncidentStatus;
import cn.jinhua.risk.api.incident.IncidentView;
import cn.jinhua.risk.api.live.EventDraft;
import cn.jinhua.risk.api.live.EventService;
import cn.jinhua.risk.api.query.Params;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.api.store.Versioned;
import cn.jinhua.risk.geo.model.Scenario;
import cn.jinhua.risk.geo.model.Team;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Dispatching and status changes ({@code docs/api.md} "Incidents and dispatch", "Lifecycle") with their authorisation: the command centre
 * commands every incident, the bureau the WASTEWATER ones, a field team changes only its own
 * dispatch. Each change is applied with optimistic concurrency and announced on the live stream.
 * Thread-safe.
 */
@Singleton
public class LifecycleService {
    private static final int MAX_TEAMS = 30;
    private final IncidentService incidents;
    private final Recommender recommender;
    private final EventService events;
    private final EscalationProperties escalation;
    private final Clock clock;

    LifecycleService(IncidentService incidents, Recommender recommender, EventService events,
                    EscalationProperties escalation, Clock clock) {
        this.incidents = incidents;
        this.recommender = recommender;
        this.events = events;
        this.escalation = escalation;
        this.clock = clock;
    }

    /** Sends teams to an incident. */
    public IncidentView dispatch(String incidentId, DispatchCommand cmd, Caller caller) {
        if (cmd == null || cmd.teamIds() == null || cmd.teamIds().isEmpty()) {
            throw ApiException.badRequest("teamIds: at least one team id is required");
        }
        if (cmd.teamIds().size() > MAX_TEAMS) {
            throw ApiException.badRequest("teamIds: at most " + MAX_TEAMS + " teams at once");
        }
        List<Team> teams = new ArrayList<>();
        for (int i = 0; i < cmd.teamIds().size(); i++) {
            String id = cmd.teamIds().get(i);
            Team t = id == null ? null : recommender.world().find(id, Team.class).orElse(null);
            if (t == null) {
                throw ApiException.badRequest("teamIds[" + i + "]: no team \"" + id + "\" in the world");
            }
            teams.add(t);
        }
        AtomicReference<Incident> before = new AtomicReference<>();
        Versioned<Incident> after = incidents.change(incidentId, cmd.version(), cur -> {
            before.set(cur);
            requireCommands(cur, caller);
            for (int i = 0; i < teams.size(); i++) {
                if (!caller.has(Roles.COMMAND) && teams.get(i).scenario() != Scenario.WASTEWATER) {
                    throw ApiException.badRequest("teamIds[" + i + "]: team " + teams.get(i).id() + " is not a WASTEWATER team");
                }
            }
            List<RecommendedTeam> chosen = new ArrayList<>();
            for (Team t : new LinkedHashSet<>(teams)) {
                recommender.team(t.id(), cur.location()).ifPresent(chosen::add);
            }
            return IncidentLifecycle.dispatch(cur, chosen, clock.instant(), caller.username(),
                    escalation::ackTimeout, false);
        });
        announce(before.get(), after.value(), "DISPATCHED", caller.username());
        return IncidentService.view(after, caller, true, null);
    }

    /** A team's dispatch moves on: the team itself, or the incident's commander on its behalf. */
    public IncidentView dispatchStatus(String incidentId, String teamId, StatusCommand cmd, Caller caller) {
        DispatchStatus next = DispatchStatus.valueOf(required(cmd, DispatchStatus.values()));
        AtomicReference<Incident> before = new AtomicReference<>();
        Versioned<Incident> after = incidents.change(incidentId, cmd.version(), cur -> {
            before.set(cur);
            boolean ownTeam = caller.has(Roles.FIELD_TEAM) && teamId.equals(caller.teamId());
            if (!ownTeam && !caller.commands(cur.scenario())) {
                if (caller.has(Roles.FIELD_TEAM)) {
                    throw ApiException.forbidden("you may change only your own team's dispatch (" + caller.teamId() + ")");
                }
                throw ApiException.forbidden("you may not change incidents of " + cur.scenario());
            }
            return IncidentLifecycle.dispatchStatus(cur, teamId, next, clock.instant(), caller.username());
        });
        announce(before.get(), after.value(), "DISPATCH_" + next.name(), caller.username());
        return IncidentService.view(after, caller, true, null);
    }

    /** The incident's own status: progress, or closing as RESOLVED / FALSE_ALARM. */
    public IncidentView incidentStatus(String incidentId, StatusCommand cmd, Caller caller) {
        IncidentStatus next = IncidentStatus.valueOf(required(cmd, IncidentStatus.values()));
        String note = cmd.note() == null ? null : cmd.note().substring(0, Math.min(500, cmd.note().length()));
        AtomicReference<Incident> before = new AtomicReference<>();
        Versioned<Incident> after = incidents.change(incidentId, cmd.version(), cur -> {
            before.set(cur);
            requireCommands(cur, caller);
            return IncidentLifecycle.incidentStatus(cur, next, clock.instant(), caller.username(), note);
        });
        announce(before.get(), after.value(), "STATUS_" + next.name(), caller.username());
        return IncidentService.view(after, caller, true, null);
    }

    /** An operator acknowledges the incident's alerts so far: the command centre any, the bureau WASTEWATER ones. */
    public IncidentView seen(String incidentId, SeenCommand cmd, Caller caller) {
        AtomicReference<Incident> before = new AtomicReference<>();
        Versioned<Incident> after = incidents.change(incidentId, cmd == null ? null : cmd.version(), cur -> {
            before.set(cur);
            requireCommands(cur, caller);
            return IncidentLifecycle.seen(cur, clock.instant(), caller.username());
        });
        announce(before.get(), after.value(), "SEEN", caller.username());
        return IncidentService.view(after, caller, true, null);
    }

    private static String required(StatusCommand cmd, Enum<?>[] allowed) {
        if (cmd == null || cmd.status() == null || cmd.status().isBlank()) {
            throw ApiException.badRequest("status: is required");
        }
        return Params.oneOf("status", cmd.status(), allowed);
    }

    private static void requireCommands(Incident cur, Caller caller) {
        if (!caller.commands(cur.scenario())) {
            IncidentService.requireVisible(cur, caller);
            throw ApiException.forbidden("you may not command incidents of " + cur.scenario());
        }
    }

    /** Announces an incident change and each dispatch it created or moved. Nothing when nothing changed. */
    void announce(Incident before, Incident after, String action, String user) {
        if (before == null || before == after) {
            return;
        }
        events.publish(changeEvents(before, after, action, user));
    }

    static List<EventDraft> changeEvents(Incident before, Incident after, String action, String user) {
        List<EventDraft> out = new ArrayList<>();
        out.add(IncidentService.incidentEvent(after, action, user));
        for (Dispatch d : after.dispatches()) {
            Dispatch old = before.dispatchOf(d.teamId()).orElse(null);
            if (old == null || old.status() != d.status() || !Objects.equals(old.escalatedAt(), d.escalatedAt())) {
                String what = old == null ? "DISPATCHED" : old.status() != d.status() ? d.status().name() : "ESCALATED";
                out.add(new EventDraft("dispatch", after.scenario(), List.of(d.teamId()), new DispatchEvent(what,
                        after.id(), after.scenario(), d.teamId(), d.teamName(), d.status(), d.byEscalation(), d.ackDueAt(),
                        after.title(), after.titleZh(), after.location(), user)));
            }
        }
        return out;
    }
}
