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

    /** The live feed, stored as one document per publish ({@code feed.json}). */
    public String feed() {
        return prefix + "feed";
    }

    public String teamPositions() {
        return prefix + "team-positions";
    }

    public String sequences() {
        return prefix + "sequences";
    }

    /** Logical name (the mapping resource under es/) to index name. */
    List<String[]> all() {
        return List.of(new String[] {"alerts", alerts()}, new String[] {"incidents", incidents()},
                new String[] {"feed", feed()}, new String[] {"team-positions", teamPositions()},
                new String[] {"sequences", sequences()});
    }
}
