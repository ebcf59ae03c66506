package cn.jinhua.risk.api.incident;

import cn.jinhua.risk.api.store.Page;
import cn.jinhua.risk.api.store.Versioned;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stored incidents with optimistic concurrency: every write names the version it was based on and
 * fails with {@link cn.jinhua.risk.api.store.VersionConflictException} when another write came first.
 */
public interface IncidentRepository {

    Optional<Versioned<Incident>> find(String id);

    /** The incidents that exist among these ids, by id. */
    Map<String, Versioned<Incident>> findAll(Collection<String> ids);

    /** The status of each of these incidents that exists, by id; reads only that field. */
    Map<String, String> statuses(Collection<String> ids);

    /** Writes the next version of an incident, only if it is still at {@code base}. */
    Versioned<Incident> update(Versioned<Incident> base, Incident next);

    /**
     * Writes many incidents in one round trip: creates where {@code base} is null (only if absent),
     * conditional updates otherwise.
     *
     * @return the versions written, by id; an id missing lost against a concurrent write (to
     *     re-read and retry)
     */
    Map<String, Versioned<Incident>> writeAll(List<Write> writes);

    /** A create ({@code base} null) or conditional update. */
    record Write(Incident next, @Nullable Versioned<Incident> base) {
    }

    Page<Versioned<Incident>> search(IncidentQuery query);

    /** Ids of incidents with one of these statuses (at most {@code limit}). */
    List<String> idsWithStatus(IncidentStatus status, @Nullable Set<String> scenarios, int limit);

    /** Ids of open incidents with a dispatch whose acknowledgement deadline is at or before {@code now}. */
    /**
     * Ids of open incidents with a dispatch overdue at {@code now}, or of the given severity whose
     * alerts wait for an operator since the severity's instant or earlier (and did not escalate for it yet).
     */
    List<String> dueForEscalation(Instant now, java.util.Map<String, Instant> unseenBefore, int limit);
}
