package cn.jinhua.risk.api.sensor;

import java.time.Instant;
import java.util.List;

/** Sensor readings, one per sensor and time: storing the same reading again replaces it with itself. */
public interface ReadingRepository {
    void saveAll(List<Reading> readings);

    /**
     * Readings of one sensor with {@code from} ≤ ts < {@code to}, oldest first; when there are more
     * than {@code limit}, the newest {@code limit} of them.
     */
    ReadingSeries range(String sensorId, Instant from, Instant to, int limit);

    /** Deletes every reading older than {@code before}; returns how many. */
    long deleteBefore(Instant before);

    /**
     * @param readings oldest first
     * @param total how many readings the range holds (more than {@code readings} when cut to the limit)
     */
    record ReadingSeries(List<Reading> readings, long total) {
    }
}
