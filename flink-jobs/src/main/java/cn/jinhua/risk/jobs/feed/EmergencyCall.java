package cn.jinhua.risk.jobs.feed;

import java.io.Serializable;

/**
 * A validated {@code risk.calls} record ({@code docs/feeds.md} "Topics and records"): an emergency
 * call located by the network.
 *
 * @param tsMillis event time, epoch milliseconds
 * @param ts the timestamp as sent (for evidence)
 * @param accuracyM location uncertainty in metres, {@code NaN} when not sent
 * @param callerId the caller's number, null when not sent (masked by the API for most roles)
 * @param deviceId the caller's tracked device, null when not sent
 * @param category LOST, TRAPPED, INJURY, POLLUTION, FIRE or OTHER, null when not sent
 * @param text free text (Chinese or English), null when not sent
 * @param partition the Kafka partition it was read from (for a dead letter raised downstream)
 * @param offset its Kafka offset, same purpose
 */
public record EmergencyCall(String callId, long tsMillis, String ts, double lat, double lon, double accuracyM,
                            String callerId, String deviceId, String category, String text, int partition,
                            long offset) implements Serializable {

    public boolean hasAccuracy() {
        return !Double.isNaN(accuracyM);
    }

    public Double accuracyOrNull() {
        return hasAccuracy() ? accuracyM : null;
    }
}
