package cn.jinhua.risk.api.feed;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Map;

/** A change to announce, before it gets its sequence number. */
public record EventDraft(String type, @Nullable String scenario, List<String> teamIds, Map<String, Object> payload) {
}
