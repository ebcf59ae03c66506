package cn.jinhua.risk.jobs.wastewater;

import java.io.Serializable;

/**
 * An alert's recommendation to close a sluice, as an event for the sluice watch.
 *
 * @param sluiceId the SLUICE to close
 * @param tsMillis event time of the recommending alert, epoch ms
 * @param ts the same time as ISO-8601 text
 * @param alertId id of the recommending alert
 * @param ruleId rule of the recommending alert
 */
public record SluiceCloseRequest(String sluiceId, long tsMillis, String ts, String alertId, String ruleId)
        implements Serializable {
}
