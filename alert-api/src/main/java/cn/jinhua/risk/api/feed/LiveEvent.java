package cn.jinhua.risk.api.feed;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * One change on the live feed, persisted with its sequence number so a reconnecting client can
 * resume after the last id it saw.
 *
 * @param seq strictly increasing across the whole history, also across restarts
 * @param type alert, incident, dispatch or team
 * @param scenario LOST_PERSON or WASTEWATER (role filtering)
 * @param teamIds teams concerned (field-team filtering)
 * @param payload what changed, plain JSON types
 */
public record LiveEvent(long seq, String type, @Nullable String scenario, List<String> teamIds, String at,
                        Map<String, Object> payload) {
}
