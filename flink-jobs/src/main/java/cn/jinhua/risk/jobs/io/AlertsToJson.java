package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.alert.Alert;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Turns each alert into its JSON ({@link AlertRecord}) and counts alerts by rule: counter
 * {@value #ALERTS} in the metric group {@value #RULE} = the rule id (Prometheus:
 * {@code flink_taskmanager_job_task_operator_rule_alerts{rule="hiker.distress-call"}}). Not
 * thread-safe (one instance per subtask, as Flink runs it).
 */
public final class AlertsToJson extends RichMapFunction<Alert, AlertRecord> {
    /** The metric group's key; its value is the rule id. */
    public static final String RULE = "rule";
    /** The counter of alerts raised. */
    public static final String ALERTS = "alerts";

    private transient Map<String, Counter> byRule;

    @Override
    public void open(OpenContext openContext) {
        byRule = new HashMap<>();
    }

    @Override
    public AlertRecord map(Alert alert) {
        byRule.computeIfAbsent(alert.ruleId(), rule -> getRuntimeContext().getMetricGroup().addGroup(RULE, rule).counter(ALERTS)).inc();
        return AlertRecord.of(alert);
    }
}
