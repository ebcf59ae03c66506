package cn.jinhua.risk.api.live;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A change to announce, before it gets its sequence number.
 *
 * @param payload what changed: a record of the announcing package, written as a JSON object
 * @param key names the announcement, for changes whose announcement is made again when it failed
 *     ({@link EventService#announced}), e.g. {@code alert:<id>}; null for the others
 */
public record EventDraft(String type, @Nullable String scenario, List<String> teamIds, Object payload, @Nullable String key) {

    public EventDraft(String type, @Nullable String scenario, List<String> teamIds, Object payload) {
        this(type, scenario, teamIds, payload, null);
    }
}
