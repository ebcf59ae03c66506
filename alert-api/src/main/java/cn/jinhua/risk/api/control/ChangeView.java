package cn.jinhua.risk.api.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One live change as the pages show it: what was asked, by whom and when, and the job's verdict.
 *
 * @param status PENDING (no verdict yet), ACCEPTED or REFUSED
 * @param reason why the job refused it
 * @param ruleVersion accepted: the version it made; refused: the version still live
 * @param decidedAt when the job decided
 * @param message the change as sent on risk.control
 */
@Serdeable
public record ChangeView(String changeId, String kind, @Nullable String ruleId, @Nullable String featureId,
                         @Nullable String by, @Nullable String at, String status, @Nullable String reason,
                         @Nullable Integer ruleVersion, @Nullable Integer worldVersion, @Nullable String decidedAt,
                         @Nullable JsonNode message) {

    public static ChangeView of(ControlChange c) {
        Verdict v = c.verdict();
        return new ChangeView(c.changeId(), c.kind(), c.ruleId(), c.featureId(), c.by(), c.at(), c.status(),
                v == null ? null : v.reason(), v == null ? null : v.ruleVersion(), v == null ? null : v.worldVersion(),
                v == null ? null : v.at(), c.message());
    }
}
