package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.alert.Alert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an alert into its JSON once, for both sinks, trimmed to the alert API's limit when it is
 * larger ({@link AlertTrimmer}): {@code risk.alerts} and the API then hold the same alert. Each
 * trimmed alert is logged and counted ({@code alertsTrimmed}).
 */
public final class AlertSerializer extends RichMapFunction<Alert, AlertRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AlertSerializer.class);
    private final int maxAlertBytes;
    private transient Counter trimmed;

    /** @param maxAlertBytes the largest alert the API takes ({@code risk.ingest.max-alert-bytes}) */
    public AlertSerializer(int maxAlertBytes) {
        this.maxAlertBytes = maxAlertBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        trimmed = getRuntimeContext().getMetricGroup().counter("alertsTrimmed");
    }

    @Override
    public AlertRecord map(Alert a) {
        byte[] json = Json.alert(a);
        byte[] fitting = AlertTrimmer.trim(json, maxAlertBytes);
        if (fitting != json) {
            trimmed.inc();
            LOG.warn("alert {} ({} on {}) had {} bytes, more than the API's {}: its evidence was shortened to {} bytes",
                    a.id(), a.ruleId(), a.subjectId(), json.length, maxAlertBytes, fitting.length);
        }
        return new AlertRecord(a.id(), a.incidentKey(), fitting, a.severity() == Severity.CRITICAL);
    }
}
