package cn.jinhua.risk.api.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The shadow version of a rule running beside the live one: its alerts are stored with
 * {@code shadow: true} and never reach anyone.
 *
 * @param version the shadow's rule version (its alerts carry it)
 * @param parameters every parameter's value in the shadow, by name
 * @param epl the shadow's EPL, null when it runs the live EPL
 * @param changeId the change that started it
 */
@Serdeable
public record ShadowView(@Nullable Integer version, JsonNode parameters, @Nullable String epl, String changeId,
                         @Nullable String by, @Nullable String at) {
}
