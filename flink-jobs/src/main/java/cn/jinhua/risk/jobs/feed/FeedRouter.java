package cn.jinhua.risk.jobs.feed;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the parsed feed into locations (main output), calls, sensor records and dead letters
 * (side outputs). Rejects go to the dead letters with their reason; so does a valid record whose
 * event time is at or behind the current watermark ({@code late}: beyond the 2-minute bound of
 * out-of-orderness, so event-time operators downstream would silently drop it). The raw bytes of
 * locations and calls stop here; sensor records keep theirs for the check against the live world
 * ({@code wastewater.SensorRouter}), which may still refuse them. Records are counted by topic (counter {@value #RECORDS_IN} in the metric group
 * {@value #TOPIC} = the topic), dead letters by reason (metric group {@value #DEAD_LETTERS_GROUP}, one
 * counter per reason). Expects timestamps and watermarks to be assigned upstream. Stateless.
 */
public final class FeedRouter extends ProcessFunction<FeedRecord, LocationFix> {
    public static final String LATE = "late";
    /** The metric group of the dead-letter counters, one counter per reason. */
    public static final String DEAD_LETTERS_GROUP = "deadLetters";
    /** The metric group's key whose value is the topic a counted record came from. */
    public static final String TOPIC = "topic";
    /** The counter of records read, valid or not, per topic. */
    public static final String RECORDS_IN = "recordsIn";

    public static final OutputTag<EmergencyCall> CALLS = new OutputTag<>("calls") {
    };
    /** Sensor records, valid against the feed contract, whole: the live world has yet to check them. */
    public static final OutputTag<FeedRecord> SENSORS = new OutputTag<>("sensors") {
    };
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };

    /** The four streams the router produces. */
    public record Routed(DataStream<LocationFix> locations, DataStream<EmergencyCall> calls,
                         DataStream<FeedRecord> sensors, DataStream<DeadLetter> deadLetters) {
    }

    private transient DeadLetterCounts deadLetterCounts;
    private transient Map<String, Counter> recordsIn;

    /**
     * Applies the router to a feed stream that already has event-time timestamps and watermarks.
     *
     * @param name the feed's name, for the operator's name and uid ({@code lost-person}, {@code wastewater})
     */
    public static Routed route(DataStream<FeedRecord> feed, String name) {
        SingleOutputStreamOperator<LocationFix> locations = feed.process(new FeedRouter())
                .name(operatorName(name)).uid(name + "-feed-router");
        return new Routed(locations, locations.getSideOutput(CALLS), locations.getSideOutput(SENSORS),
                locations.getSideOutput(DEAD_LETTERS));
    }

    /** The router's operator name for a feed; the replay command finds its watermark by it. */
    public static String operatorName(String feed) {
        return "validate and route " + feed + " feeds";
    }

    @Override
    public void processElement(FeedRecord r, Context ctx, Collector<LocationFix> out) {
        if (recordsIn == null) {
            recordsIn = new HashMap<>();
        }
        recordsIn.computeIfAbsent(r.topic(), t -> getRuntimeContext().getMetricGroup().addGroup(TOPIC, t).counter(RECORDS_IN)).inc();
        if (!r.valid()) {
            deadLetter(ctx, DeadLetter.of(r));
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (r.tsMillis() <= watermark) {
            deadLetter(ctx, DeadLetter.of(r.topic(), r.partition(), r.offset(), r.raw(), LATE,
                    "event time " + FeedTimes.iso(r.tsMillis()) + " is behind the watermark "
                            + FeedTimes.iso(watermark) + " (more than the allowed out-of-orderness)"));
            return;
        }
        if (r.location() != null) {
            out.collect(r.location());
        } else if (r.call() != null) {
            ctx.output(CALLS, r.call());
        } else {
            ctx.output(SENSORS, r);
        }
    }

    private void deadLetter(Context ctx, DeadLetter d) {
        if (deadLetterCounts == null) {
            deadLetterCounts = new DeadLetterCounts(getRuntimeContext());
        }
        ctx.output(DEAD_LETTERS, deadLetterCounts.count(d));
    }
}
