package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.live.EventDraft;
import io.micronaut.core.annotation.Nullable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the alert endpoints need from incidents: grouping new alerts into them, and their status
 * shown beside each alert. Implemented by {@code incident.IncidentService}; declared here so that
 * incidents depend on alerts and not the other way round.
 */
public interface AlertIncidents {

    /**
     * Puts alerts into their incidents (idempotent: an alert an incident already holds is not added again).
     *
     * @return the incident of every alert, and the incident changes to announce
     */
    Grouping group(List<IncomingAlert> alerts);

    /**
     * Where each alert went (by alert id), the incident changes to announce, and which alerts this
     * call added to their incident (the others it held already: a redelivery).
     */
    record Grouping(Map<String, String> incidentOf, List<EventDraft> events, Set<String> added) {
    }

    /**
     * The live events of these incidents as they are now ({@code ALERT_ADDED}): what an ingest
     * announces again when the announcement of its alerts was lost.
     */
    List<EventDraft> current(Collection<String> incidentIds);

    /** The status of each of these incidents that exists, by id. */
    Map<String, String> statuses(Collection<String> incidentIds);

    /** The names of the incident statuses, in lifecycle order (what the {@code status} filter accepts). */
    List<String> statusNames();

    /**
     * Ids of the incidents with a status, for the alerts' {@code status} filter.
     *
     * @param status one of {@link #statusNames()}
     * @param scenarios visible scenarios, null for all
     */
    List<String> idsWithStatus(String status, @Nullable Set<String> scenarios);
}
