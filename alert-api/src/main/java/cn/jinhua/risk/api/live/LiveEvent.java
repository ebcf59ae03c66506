package cn.jinhua.risk.api.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * One change on the live stream, persisted with its sequence number so a reconnecting client can
 * resume after the last id it saw.
 *
 * @param seq strictly increasing across the whole history, also across restarts
 * @param type alert, incident, dispatch or team
 * @param scenario LOST_PERSON or WASTEWATER (role filtering)
 * @param teamIds teams concerned (field-team filtering)
 * @param payload what changed, a JSON object (its fields are the event's data on the stream)
 */
public record LiveEvent(long seq, String type, @Nullable String scenario, List<String> teamIds, String at,
                        ObjectNode payload) {
}
