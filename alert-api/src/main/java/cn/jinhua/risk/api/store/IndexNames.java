package cn.jinhua.risk.api.store;

import jakarta.inject.Singleton;
import java.util.List;

/** The index names of the application, each with the configured prefix. Immutable. */
@Singleton
public final class IndexNames {
    private final String prefix;

    IndexNames(ElasticsearchConfig config) {
        this.prefix = config.indexPrefix();
    }

    public String alerts() {
        return prefix + "alerts";
    }

    public String incidents() {
        return prefix + "incidents";
    }

    /**
     * The live stream's events, stored as one document per publish ({@code es/feed.json}). The
     * index keeps the name it had when the stream was called the feed: renaming stored data needs
     * a migration.
     */
    public String liveEvents() {
        return prefix + "feed";
    }

    public String teamPositions() {
        return prefix + "team-positions";
    }

    /** Each tracked device's last position, one document per device ({@code es/device-positions.json}). */
    public String devicePositions() {
        return prefix + "device-positions";
    }

    /** Sensor readings as the job publishes them, one small document per sensor and time ({@code es/sensor-readings.json}). */
    public String sensorReadings() {
        return prefix + "sensor-readings";
    }

    /** Live changes of the rules and the world and their verdicts, one document per change ({@code es/control-changes.json}). */
    public String controlChanges() {
        return prefix + "control-changes";
    }

    /** Logical name (the mapping resource under es/) to index name. */
    List<String[]> all() {
        return List.of(new String[] {"alerts", alerts()}, new String[] {"incidents", incidents()},
                new String[] {"feed", liveEvents()}, new String[] {"team-positions", teamPositions()},
                new String[] {"device-positions", devicePositions()},
                new String[] {"sensor-readings", sensorReadings()}, new String[] {"control-changes", controlChanges()});
    }
}
