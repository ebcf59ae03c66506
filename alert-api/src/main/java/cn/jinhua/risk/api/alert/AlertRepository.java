package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.store.Page;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Stored alerts: the alert contract plus incidentId, receivedAt and the searchable text. */
public interface AlertRepository {

    /**
     * The write that stores an alert unless its id is stored already (then it leaves it untouched).
     * Ingest sends these in the request that stores the alerts' live events
     * ({@link cn.jinhua.risk.api.live.EventService#publish(List, List)}).
     */
    BulkWriter.Item creation(String id, StoredAlert alert);

    /**
     * The ids the creations created (the others were stored already).
     *
     * @param results the creations' results
     * @throws RuntimeException when a creation failed otherwise (503 when Elasticsearch is overloaded)
     */
    Set<String> created(List<BulkWriter.Result> results);

    Optional<StoredAlert> find(String id);

    Page<StoredAlert> search(AlertQuery query);

    /** Alerts of an incident, newest event first, at most {@code limit}. */
    List<StoredAlert> ofIncident(String incidentId, int limit);
}
