package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.store.Page;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Stored alerts: the alert contract plus incidentId, receivedAt and the searchable text. */
public interface AlertRepository {

    /**
     * Stores alerts that are not stored yet; an alert whose id exists is left untouched.
     *
     * @param alerts by alert id
     * @return the ids actually created (the others were already there)
     */
    Set<String> createAll(Map<String, StoredAlert> alerts);

    Optional<StoredAlert> find(String id);

    Page<StoredAlert> search(AlertQuery query);

    /** Alerts of an incident, newest event first, at most {@code limit}. */
    List<StoredAlert> ofIncident(String incidentId, int limit);
}
