package cn.jinhua.risk.jobs.alert;

import cn.jinhua.risk.jobs.feed.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What a detection topology puts out: its alerts, and the dead letters of the records (or timers)
 * whose handling failed unexpectedly ({@code internal}).
 */
public record Detections(DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters) {
}
