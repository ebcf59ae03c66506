package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.alert.Position;
import cn.jinhua.risk.api.dispatch.Dispatch;
import cn.jinhua.risk.api.dispatch.RecommendedTeam;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An incident: the alerts sharing an {@code incidentKey} while it is open, its dispatches, its
 * append-only timeline and its recommended teams. Stored as one Elasticsearch document, changed
 * only with optimistic concurrency. Immutable; change it through {@link #toBuilder()}.
 *
 * @param id {@code inc-<hash of key>-<generation>}: deterministic, so concurrent ingests of the
 *     same key meet on the same document
 * @param generation 1 for the first incident of a key, +1 each time a closed one is followed by a new alert
 * @param escalationLevel LOST_PERSON: STATION or COMMAND_CENTRE; WASTEWATER: the response level reached
 * @param ackDueAt earliest acknowledgement deadline among dispatches still awaiting one (escalation scan)
 * @param teamIds every team dispatched (for field-team scoping)
 * @param alertIds ids of the alerts in it (what makes re-delivery harmless)
 * @param unseenSince when the first CRITICAL or HIGH alert that no operator has acknowledged yet
 *     arrived, or null ({@code docs/api.md} "Escalation")
 * @param unseenEscalated whether the incident already escalated because nobody acknowledged it
 * @param seenBy the operator who last acknowledged its alerts, or null
 * @param seenAt when, or null
 */
@Serdeable
public record Incident(String id, String incidentKey, int generation, String scenario, IncidentStatus status,
                       boolean open, String severity, @Nullable String responseLevel, @Nullable String escalationLevel,
                       String title, @Nullable String titleZh, String subjectId, @Nullable String plantId,
                       Position location, String createdAt, String updatedAt, String lastAlertAt,
                       @Nullable String ackDueAt, List<String> teamIds, List<String> alertIds, int alertCount,
                       boolean sluiceMustClose, List<Dispatch> dispatches, List<TimelineEntry> timeline,
                       List<RecommendedTeam> recommendation, @Nullable String unseenSince, boolean unseenEscalated,
                       @Nullable String seenBy, @Nullable String seenAt) {

    public Incident {
        teamIds = teamIds == null ? List.of() : List.copyOf(teamIds);
        alertIds = alertIds == null ? List.of() : List.copyOf(alertIds);
        dispatches = dispatches == null ? List.of() : List.copyOf(dispatches);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        recommendation = recommendation == null ? List.of() : List.copyOf(recommendation);
    }

    /** The dispatch of a team, if it was dispatched. */
    public Optional<Dispatch> dispatchOf(String teamId) {
        return dispatches.stream().filter(d -> d.teamId().equals(teamId)).findFirst();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Mutable copy of an incident, for building the next version: grouping sets its fields here,
     * the lifecycle changes it through the methods. Not thread-safe.
     */
    public static final class Builder {
        String id;
        String incidentKey;
        int generation;
        String scenario;
        IncidentStatus status;
        String severity;
        String responseLevel;
        String escalationLevel;
        String title;
        String titleZh;
        String subjectId;
        String plantId;
        Position location;
        String createdAt;
        String updatedAt;
        String lastAlertAt;
        List<String> alertIds;
        boolean sluiceMustClose;
        List<Dispatch> dispatches;
        List<TimelineEntry> timeline;
        List<RecommendedTeam> recommendation;
        String unseenSince;
        boolean unseenEscalated;
        String seenBy;
        String seenAt;

        Builder() {
            alertIds = new ArrayList<>();
            dispatches = new ArrayList<>();
            timeline = new ArrayList<>();
            recommendation = new ArrayList<>();
        }

        Builder(Incident i) {
            id = i.id;
            incidentKey = i.incidentKey;
            generation = i.generation;
            scenario = i.scenario;
            status = i.status;
            severity = i.severity;
            responseLevel = i.responseLevel;
            escalationLevel = i.escalationLevel;
            title = i.title;
            titleZh = i.titleZh;
            subjectId = i.subjectId;
            plantId = i.plantId;
            location = i.location;
            createdAt = i.createdAt;
            updatedAt = i.updatedAt;
            lastAlertAt = i.lastAlertAt;
            alertIds = new ArrayList<>(i.alertIds);
            sluiceMustClose = i.sluiceMustClose;
            dispatches = new ArrayList<>(i.dispatches);
            timeline = new ArrayList<>(i.timeline);
            recommendation = new ArrayList<>(i.recommendation);
            unseenSince = i.unseenSince;
            unseenEscalated = i.unseenEscalated;
            seenBy = i.seenBy;
            seenAt = i.seenAt;
        }

        /** An alert of this severity arrived at {@code at}: CRITICAL and HIGH ones wait for an operator. */
        public Builder alertArrived(cn.jinhua.risk.contract.Severity severity, String at) {
            if (severity.compareTo(cn.jinhua.risk.contract.Severity.HIGH) >= 0 && unseenSince == null) {
                unseenSince = at;
            }
            return this;
        }

        /** An operator acknowledged every alert so far. */
        public Builder seen(String user, String at) {
            seenBy = user;
            seenAt = at;
            unseenSince = null;
            unseenEscalated = false;
            return this;
        }

        /** The incident escalated because nobody acknowledged its alerts in time; it does so once until someone does. */
        public Builder unseenEscalated() {
            unseenEscalated = true;
            return this;
        }

        /** Appends a timeline entry stamped with time and user. */
        public Builder log(String at, String user, String action, String from, String to, String teamId, String detail) {
            timeline.add(new TimelineEntry(at, user, action, from, to, teamId, detail));
            updatedAt = at;
            return this;
        }

        public IncidentStatus status() {
            return status;
        }

        public Builder status(IncidentStatus next) {
            status = next;
            return this;
        }

        public Builder escalationLevel(String level) {
            escalationLevel = level;
            return this;
        }

        public Builder recommendation(List<RecommendedTeam> teams) {
            recommendation = new ArrayList<>(teams);
            return this;
        }

        public Builder addDispatch(Dispatch d) {
            dispatches.add(d);
            return this;
        }

        /** Replaces every dispatch with what {@code change} makes of it. */
        public Builder changeDispatches(UnaryOperator<Dispatch> change) {
            dispatches.replaceAll(change);
            return this;
        }

        /** Builds with the derived fields (open, ackDueAt, teamIds, alertCount) recomputed. */
        public Incident build() {
            String due = null;
            List<String> teams = new ArrayList<>();
            for (Dispatch d : dispatches) {
                teams.add(d.teamId());
                if (!status.closed() && d.awaitingAck() && (due == null || d.ackDueAt().compareTo(due) < 0)) {
                    due = d.ackDueAt();
                }
            }
            return new Incident(id, incidentKey, generation, scenario, status, !status.closed(), severity,
                    responseLevel, escalationLevel, title, titleZh, subjectId, plantId, location, createdAt,
                    updatedAt, lastAlertAt, due, teams, alertIds, alertIds.size(), sluiceMustClose, dispatches,
                    timeline, recommendation, status.closed() ? null : unseenSince, unseenEscalated, seenBy, seenAt);
        }
    }
}
