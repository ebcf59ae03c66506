package cn.jinhua.risk.api.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One parameter of a rule: the catalogue's metadata ({@code docs/contract/rules.json}) and its value now.
 *
 * @param type {@code number}, {@code integer} or {@code text-list}
 * @param unit what a number counts (m, min, %, fixes); null for texts
 * @param min smallest value allowed (numbers)
 * @param max largest value allowed (numbers)
 * @param defaultValue the catalogue's default
 * @param value the value after every accepted live change (the default when none changed it)
 * @param optional whether it may be unset (null: the rule reads the world)
 */
@Serdeable
public record ParameterView(String name, String type, @Nullable String unit, @Nullable Double min, @Nullable Double max,
                            @JsonProperty("default") @Nullable JsonNode defaultValue, @Nullable JsonNode value,
                            boolean optional, String description) {
}
