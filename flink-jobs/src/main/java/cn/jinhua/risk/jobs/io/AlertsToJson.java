package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.alert.Alert;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each alert into its JSON ({@link AlertRecord}) once, for both sinks, trimmed to the alert
 * API's limit when it is larger ({@link AlertTrimmer}): {@code risk.alerts} and the API then hold
 * the same alert. Counts alerts by rule: counter {@value #ALERTS} in the metric group
 * {@value #RULE} = the rule id (Prometheus:
 * {@code flink_taskmanager_job_task_operator_rule_alerts{rule="hiker.distress-call"}}), and
 * trimmed alerts ({@value #TRIMMED}), each of which is logged. Not thread-safe (one instance per
 * subtask, as Flink runs it).
 */
public final class AlertsToJson extends RichMapFunction<Alert, AlertRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AlertsToJson.class);
    /** The metric group's key; its value is the rule id. */
    public static final String RULE = "rule";
    /** The counter of alerts raised. */
    public static final String ALERTS = "alerts";
    /** The counter of alerts trimmed to the API's limit. */
    public static final String TRIMMED = "alertsTrimmed";

    private final int maxAlertBytes;
    private transient Map<String, Counter> byRule;
    private transient Counter trimmed;

    /** @param maxAlertBytes the largest alert the API takes ({@code risk.ingest.max-alert-bytes}) */
    public AlertsToJson(int maxAlertBytes) {
        this.maxAlertBytes = maxAlertBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        byRule = new HashMap<>();
        trimmed = getRuntimeContext().getMetricGroup().counter(TRIMMED);
    }

    @Override
    public AlertRecord map(Alert alert) {
        byRule.computeIfAbsent(alert.ruleId(), rule -> getRuntimeContext().getMetricGroup().addGroup(RULE, rule).counter(ALERTS)).inc();
        byte[] json = Json.alert(alert);
        byte[] fitting = AlertTrimmer.trim(json, maxAlertBytes);
        if (fitting != json) {
            trimmed.inc();
            LOG.warn("alert {} ({} on {}) had {} bytes, more than the API's {}: its evidence was shortened to {} bytes",
                    alert.id(), alert.ruleId(), alert.subjectId(), json.length, maxAlertBytes, fitting.length);
        }
        return new AlertRecord(alert.id(), alert.incidentKey(), fitting, alert.severity() == Severity.CRITICAL);
    }
}
