package cn.jinhua.risk.jobs.feed;

import java.io.Serializable;
import java.util.List;

/**
 * The names of the three input topics ({@code docs/feeds.md} "Topics and records"; defaults via
 * {@link #defaults()}). Immutable.
 */
public record FeedTopics(String locations, String calls, String sensors) implements Serializable {

    public static FeedTopics defaults() {
        return new FeedTopics("risk.locations", "risk.calls", "risk.sensors");
    }

    public List<String> all() {
        return List.of(locations, calls, sensors);
    }
}
