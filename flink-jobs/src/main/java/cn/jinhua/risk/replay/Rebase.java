package cn.jinhua.risk.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --rebase}: shifts every record of the replayed files by one amount, keeping the gaps
 * between records ({@code docs/feeds.md} "Scenario files and replays"):
 * <ul>
 *   <li>{@code now} or an ISO-8601 time: the first record lands at that time;</li>
 *   <li>{@code recent}: by whole days, so that the last record lies within the day before now. Times
 *       of day are kept (after-dark depends on sunset), and an accelerated replay never runs ahead
 *       of the wall clock.</li>
 * </ul>
 * The {@code ts} of each {@code value} record is rewritten in its own offset and precision; raw
 * lines are sent as they are. Immutable.
 */
final class Rebase {
    static final long DAY = 86_400_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String spec;
    private final Long target;

    private Rebase(String spec, Long target) {
        this.spec = spec;
        this.target = target;
    }

    /** @throws IllegalArgumentException with a message for the user */
    static Rebase parse(String v) {
        if (v.equals("now") || v.equals("recent")) {
            return new Rebase(v, null);
        }
        try {
            return new Rebase(v, cn.jinhua.risk.contract.IsoTimes.parseMillis(v));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--rebase takes now, recent or an ISO-8601 time with offset: " + e.getMessage());
        }
    }

    /** How far to move the files, in milliseconds; 0 when they hold no timestamped record. */
    long shiftMillis(List<List<ScenarioFile.Entry>> files, long now) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (List<ScenarioFile.Entry> f : files) {
            for (ScenarioFile.Entry e : f) {
                if (e.tsMillis() != Long.MIN_VALUE) {
                    first = Math.min(first, e.tsMillis());
                    last = Math.max(last, e.tsMillis());
                }
            }
        }
        if (last == Long.MIN_VALUE) {
            return 0;
        }
        return switch (spec) {
            case "now" -> now - first;
            case "recent" -> Math.floorDiv(now - last, DAY) * DAY;
            default -> target - first;
        };
    }

    /** The files with every timestamped value moved by {@code shift}. */
    static List<List<ScenarioFile.Entry>> apply(List<List<ScenarioFile.Entry>> files, long shift) {
        if (shift == 0) {
            return files;
        }
        List<List<ScenarioFile.Entry>> out = new ArrayList<>(files.size());
        for (List<ScenarioFile.Entry> f : files) {
            List<ScenarioFile.Entry> moved = new ArrayList<>(f.size());
            for (ScenarioFile.Entry e : f) {
                moved.add(e.raw() || e.tsMillis() == Long.MIN_VALUE ? e : move(e, shift));
            }
            out.add(moved);
        }
        return out;
    }

    private static ScenarioFile.Entry move(ScenarioFile.Entry e, long shift) {
        try {
            ObjectNode record = (ObjectNode) MAPPER.readTree(e.value());
            OffsetDateTime ts = OffsetDateTime.parse(record.get("ts").asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            record.put("ts", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ts.plusNanos(shift * 1_000_000L)));
            return new ScenarioFile.Entry(e.file(), e.line(), e.topic(), e.key(), MAPPER.writeValueAsBytes(record),
                    e.tsMillis() + shift, false);
        } catch (IOException | RuntimeException ex) {
            // A value whose ts the reader parsed always re-parses; anything else is sent unmoved.
            return e;
        }
    }

    /** For the progress line. */
    static String describe(long shift) {
        if (shift == 0) {
            return "not moved";
        }
        return (shift > 0 ? "moved forward by " : "moved back by ") + cn.jinhua.risk.jobs.feed.RecordClock.describe(shift);
    }
}
