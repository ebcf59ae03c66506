package cn.jinhua.risk.api.alert;

import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.Scenario;
import io.micronaut.core.annotation.Nullable;

/**
 * The live event of a new alert ({@code docs/api.md} "Live stream"): enough for a dashboard to list it.
 *
 * @param action always CREATED
 * @param eventTime the alert's eventTime in the sortable form
 */
public record AlertEvent(String action, String alertId, String incidentId, String ruleId, Scenario scenario,
                         Severity severity, String title, @Nullable String titleZh, String eventTime, Position location) {
}
