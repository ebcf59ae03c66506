package cn.jinhua.risk.api.control;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The job's verdict on one change, as {@code risk.control.results} carries it.
 *
 * @param reason why it was refused; null when accepted
 * @param ruleVersion accepted: the version the change made; refused: the version still live; null for world changes
 * @param worldVersion the world's version after the decision
 * @param at when the job decided (ISO-8601 with offset)
 */
@Serdeable
public record Verdict(boolean accepted, @Nullable String reason, @Nullable Integer ruleVersion,
                      @Nullable Integer worldVersion, @Nullable String at) {
}
