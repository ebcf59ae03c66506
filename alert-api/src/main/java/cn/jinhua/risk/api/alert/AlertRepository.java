package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.store.Page;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Stored alerts, as JSON documents (the alert contract plus incidentId and receivedAt). */
public interface AlertRepository {

    /**
     * Stores documents that are not stored yet; a document whose id exists is left untouched.
     *
     * @param documents by alert id
     * @return the ids actually created (the others were already there)
     */
    Set<String> createAll(Map<String, ObjectNode> documents);

    Optional<Map<String, Object>> find(String id);

    Page<Map<String, Object>> search(AlertQuery query);

    /** Alerts of an incident, newest event first, at most {@code limit}. */
    List<Map<String, Object>> ofIncident(String incidentId, int limit);
}
