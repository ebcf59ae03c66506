package cn.jinhua.risk.api.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One input record that made the rule fire.
 *
 * @param topic the feed topic it came from, e.g. risk.calls
 * @param key its key on the topic (a device, call or sensor id)
 * @param ts its time as sent
 * @param value the record's content as JSON (a number for a sensor reading, an object for a call)
 */
@Serdeable
public record Evidence(@Nullable String topic, @Nullable String key, @Nullable String ts, JsonNode value) {
}
