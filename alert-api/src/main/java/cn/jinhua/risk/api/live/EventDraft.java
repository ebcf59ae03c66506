package cn.jinhua.risk.api.live;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A change to announce, before it gets its sequence number.
 *
 * @param payload what changed: a record of the announcing package, written as a JSON object
 */
public record EventDraft(String type, @Nullable String scenario, List<String> teamIds, Object payload) {
}
