package cn.jinhua.risk.api.rules;

import cn.jinhua.risk.api.control.ChangeView;
import cn.jinhua.risk.contract.Severity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A rule as it runs now: the catalogue's entry with every accepted live change applied.
 *
 * @param version the live version (the catalogue's until a change is accepted)
 * @param epl the live EPL of a pattern in time, null for a rule decided in Java
 * @param shadow the shadow version running beside it, or null
 * @param mayChange whether the caller may change this rule
 * @param changes the newest changes of the rule with their verdicts, newest first
 */
@Serdeable
public record RuleView(String id, int version, String scenario, List<Severity> severities, String nameZh, String nameEn,
                       boolean enabled, List<ParameterView> parameters, @Nullable String epl, @Nullable ShadowView shadow,
                       boolean mayChange, List<ChangeView> changes) {
}
