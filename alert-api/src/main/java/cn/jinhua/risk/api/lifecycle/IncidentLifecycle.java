package cn.jinhua.risk.api.lifecycle;

import cn.jinhua.risk.api.alert.Position;
import cn.jinhua.risk.api.dispatch.Dispatch;
import cn.jinhua.risk.api.dispatch.DispatchStatus;
import cn.jinhua.risk.api.dispatch.RecommendedTeam;
import cn.jinhua.risk.api.dispatch.Recommender;
import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.api.incident.Incident;
import cn.jinhua.risk.api.incident.IncidentAssembler;
import cn.jinhua.risk.api.incident.IncidentStatus;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lifecycle rules ({@code docs/api.md} "Lifecycle" and "Escalation") as pure functions from
 * one incident version to the next: dispatching teams, a team's progress (its own rules are
 * {@link Dispatch#moveTo}), the incident's status, and escalation of unacknowledged dispatches.
 * Every change appends a timeline entry with time and user. Refusals are {@link ApiException}s:
 * 409 for a transition the current state does not allow. Thread-safe.
 */
public final class IncidentLifecycle {
    /** Who appears in the timeline for escalations. */
    public static final String ESCALATION_USER = "system:escalation";
    static final String COMMAND_CENTRE = "COMMAND_CENTRE";

    private IncidentLifecycle() {
    }

    /**
     * Dispatches teams (already checked to exist). Teams already dispatched are left as they are, so
     * repeating a dispatch is harmless.
     *
     * @param ackTimeout how long a team has to acknowledge, by the incident's severity
     */
    public static Incident dispatch(Incident cur, List<RecommendedTeam> teams, Instant now, String user,
                                    Function<Severity, Duration> ackTimeout, boolean byEscalation) {
        requireOpen(cur);
        Incident.Builder b = cur.toBuilder();
        String at = IsoTimes.formatSortable(now);
        String due = IsoTimes.formatSortable(now.plus(ackTimeout.apply(Severity.valueOf(cur.severity()))));
        boolean changed = false;
        for (RecommendedTeam t : teams) {
            if (cur.dispatchOf(t.teamId()).isPresent()) {
                continue;
            }
            b.addDispatch(Dispatch.of(t, at, user, due, byEscalation));
            b.log(at, user, "DISPATCHED", null, DispatchStatus.DISPATCHED.name(), t.teamId(),
                    t.name() + (byEscalation ? " (escalation)" : ""));
            changed = true;
        }
        if (!changed) {
            return cur;
        }
        if (!byEscalation) {
            // Whoever dispatches has seen the alerts: that acknowledges them as /seen does.
            b.seen(user, at);
        }
        advanceStatus(b, IncidentStatus.DISPATCHED, at, user);
        return b.build();
    }

    /** A team's dispatch moves forward (or ends as FALSE_ALARM); the incident's status follows its furthest team. */
    public static Incident dispatchStatus(Incident cur, String teamId, DispatchStatus next, Instant now, String user) {
        requireOpen(cur);
        Dispatch d = cur.dispatchOf(teamId).orElseThrow(() ->
                ApiException.notFound("team " + teamId + " is not dispatched to incident " + cur.id()));
        String at = IsoTimes.formatSortable(now);
        Dispatch moved = d.moveTo(next, at, user);
        if (moved == d) {
            return cur;
        }
        Incident.Builder b = cur.toBuilder();
        b.changeDispatches(x -> x.teamId().equals(teamId) ? moved : x);
        b.log(at, user, "DISPATCH_" + next.name(), d.status().name(), next.name(), teamId, null);
        if (next != DispatchStatus.FALSE_ALARM) {
            advanceStatus(b, progressOf(next), at, user);
        }
        return b.build();
    }

    /** The incident status a team's progress implies. */
    private static IncidentStatus progressOf(DispatchStatus s) {
        switch (s) {
            case DISPATCHED:
                return IncidentStatus.DISPATCHED;
            case ACKNOWLEDGED:
                return IncidentStatus.ACKNOWLEDGED;
            case EN_ROUTE:
                return IncidentStatus.EN_ROUTE;
            default:
                return IncidentStatus.ON_SCENE;
        }
    }

    /**
     * The incident itself moves forward: closing (RESOLVED, FALSE_ALARM) is allowed from any open
     * state; the progress states need a dispatched team and cannot go back.
     */
    public static Incident incidentStatus(Incident cur, IncidentStatus next, Instant now, String user, String note) {
        requireOpen(cur);
        if (cur.status() == next) {
            return cur;
        }
        if (!next.closed()) {
            if (next == IncidentStatus.NEW || next.ordinal() < cur.status().ordinal()) {
                throw ApiException.conflict("incident " + cur.id() + " cannot go back from " + cur.status() + " to " + next);
            }
            if (cur.dispatches().isEmpty()) {
                throw ApiException.conflict("incident " + cur.id() + " has no dispatched team: dispatch before moving it to " + next);
            }
        }
        String at = IsoTimes.formatSortable(now);
        return cur.toBuilder().log(at, user, "STATUS_CHANGED", cur.status().name(), next.name(), null, note)
                .seen(user, at).status(next).build();
    }

    /**
     * An operator acknowledges the incident's alerts so far ({@code docs/api.md} "Escalation"): who and
     * when go on the timeline, and the incident no longer waits for an operator. Nothing changes when
     * the same operator acknowledged already and no CRITICAL or HIGH alert came since.
     */
    public static Incident seen(Incident cur, Instant now, String user) {
        requireOpen(cur);
        if (cur.unseenSince() == null && user.equals(cur.seenBy())) {
            return cur;
        }
        String at = IsoTimes.formatSortable(now);
        return cur.toBuilder().seen(user, at)
                .log(at, user, "SEEN", null, null, null, cur.alertCount() + " alerts, the last at " + cur.lastAlertAt())
                .build();
    }

    /** When nobody acknowledged the incident's CRITICAL or HIGH alerts in time: its deadline has passed and it did not escalate for it yet. */
    static boolean unseenOverdue(Incident cur, Instant now, Function<Severity, Duration> ackTimeout) {
        if (cur.unseenSince() == null || cur.unseenEscalated()) {
            return false;
        }
        Duration allowed = ackTimeout.apply(Severity.valueOf(cur.severity()));
        return !IsoTimes.parseInstant(cur.unseenSince()).plus(allowed).isAfter(now);
    }

    /** What an escalation did: the next version, the teams it dispatched, and the level reached. */
    public record Escalation(Incident incident, List<String> newTeamIds, String fromLevel, String toLevel) {
    }

    /**
     * Escalates an incident whose dispatches passed their acknowledgement deadline at {@code now},
     * or whose CRITICAL or HIGH alerts no operator acknowledged in the severity's time: the overdue
     * dispatches are marked escalated (each escalates once), as is the missing acknowledgement
     * (once, until an operator acknowledges), and the incident goes one level up, dispatching the
     * teams of that level: station → command centre for lost persons, enterprise → park → township →
     * county for wastewater. Empty when nothing is overdue.
     */
    public static Optional<Escalation> escalate(Incident cur, Instant now, Recommender r,
                                                Function<Severity, Duration> ackTimeout) {
        if (cur.status().closed()) {
            return Optional.empty();
        }
        String at = IsoTimes.formatSortable(now);
        List<String> overdue = new ArrayList<>();
        for (Dispatch d : cur.dispatches()) {
            if (d.awaitingAck() && d.ackDueAt().compareTo(at) <= 0) {
                overdue.add(d.teamId());
            }
        }
        boolean unseen = unseenOverdue(cur, now, ackTimeout);
        if (overdue.isEmpty() && !unseen) {
            return Optional.empty();
        }
        Incident.Builder b = cur.toBuilder();
        b.changeDispatches(d -> overdue.contains(d.teamId()) ? d.escalated(at) : d);
        List<String> why = new ArrayList<>();
        if (!overdue.isEmpty()) {
            why.add("not acknowledged in time: " + String.join(", ", overdue));
        }
        if (unseen) {
            b.unseenEscalated();
            why.add("no operator acknowledged the " + cur.severity() + " alerts since " + cur.unseenSince());
        }
        String from = cur.escalationLevel();
        String to;
        Position where = cur.location();
        List<RecommendedTeam> teams = new ArrayList<>();
        if (Scenario.LOST_PERSON.name().equals(cur.scenario())) {
            to = COMMAND_CENTRE;
            r.commandCentre(where).ifPresent(teams::add);
        } else {
            ResponseLevel level = IncidentAssembler.effectiveLevel(cur.responseLevel(), cur.escalationLevel());
            Optional<ResponseLevel> next = level.next();
            to = next.map(Enum::name).orElse(level.name());
            next.ifPresent(n -> teams.addAll(r.wastewaterLevel(where, cur.plantId(), n, cur.sluiceMustClose())));
        }
        teams.removeIf(t -> cur.dispatchOf(t.teamId()).isPresent());
        boolean levelUp = !to.equals(from == null ? "" : from);
        b.log(at, ESCALATION_USER, levelUp || !teams.isEmpty() ? "ESCALATED" : "ESCALATION_EXHAUSTED", from, to, null,
                String.join("; ", why));
        b.escalationLevel(to);
        if (levelUp) {
            b.recommendation(r.recommend(cur.scenario(), where, cur.plantId(),
                    IncidentAssembler.effectiveLevel(cur.responseLevel(), to), cur.sluiceMustClose()));
        }
        Incident marked = b.build();
        Incident next = teams.isEmpty() ? marked
                : dispatch(marked, teams, now, ESCALATION_USER, ackTimeout, true);
        return Optional.of(new Escalation(next, teams.stream().map(RecommendedTeam::teamId).toList(), from, to));
    }

    private static void requireOpen(Incident cur) {
        if (cur.status().closed()) {
            throw ApiException.conflict("incident " + cur.id() + " is closed (" + cur.status() + ")");
        }
    }

    private static void advanceStatus(Incident.Builder b, IncidentStatus target, String at, String user) {
        if (target.ordinal() > b.status().ordinal()) {
            b.log(at, user, "STATUS_CHANGED", b.status().name(), target.name(), null, null);
            b.status(target);
        }
    }
}
