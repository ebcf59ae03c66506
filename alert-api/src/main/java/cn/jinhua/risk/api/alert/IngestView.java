package cn.jinhua.risk.api.alert;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The answer to an ingest: how many alerts came, how many were new, how many were already
 * stored (a redelivery, harmless), and where each went.
 */
@Serdeable
public record IngestView(int received, int created, int duplicates, List<Item> alerts) {
    /** One alert: its id, its incident, and whether this request stored it. */
    @Serdeable
    public record Item(String id, String incidentId, boolean created) {
    }
}
