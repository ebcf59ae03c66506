package cn.jinhua.risk.api.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the indices with their explicit mappings (resources {@code es/<name>.json}) at startup.
 * When Elasticsearch is down at startup the API still starts (health says DOWN, requests get 503)
 * and the indices are created by the first request that finds the cluster back. Thread-safe.
 */
@Singleton
public class IndexSetup {
    private static final Logger LOG = LoggerFactory.getLogger(IndexSetup.class);
    private final ElasticsearchClient client;
    private final IndexNames names;
    private volatile boolean ready;

    IndexSetup(ElasticsearchClient client, IndexNames names) {
        this.client = client;
        this.names = names;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        try {
            ensure();
        } catch (RuntimeException e) {
            LOG.warn("indices not created at startup, will retry on first use: {}", e.getMessage());
        }
    }

    /** Makes sure every index exists; cheap after the first success. */
    public void ensure() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            for (String[] idx : names.all()) {
                create(idx[0], idx[1]);
            }
            ready = true;
        }
    }

    /**
     * An index created by an earlier version gets the fields added since (mappings only grow: a
     * field's type never changes), so that searches on them find its documents written from now on.
     */
    private void addNewFields(String logical, String index) throws java.io.IOException {
        try (InputStream body = IndexSetup.class.getResourceAsStream("/es/" + logical + ".json")) {
            if (body == null) {
                throw new IllegalStateException("mapping resource es/" + logical + ".json missing");
            }
            com.fasterxml.jackson.databind.JsonNode properties = cn.jinhua.risk.api.json.Json.MAPPER.readTree(body)
                    .path("mappings").path("properties");
            String json = cn.jinhua.risk.api.json.Json.MAPPER.writeValueAsString(java.util.Map.of("properties", properties));
            client.indices().putMapping(p -> p.index(index).withJson(new java.io.StringReader(json)));
        }
    }

    private void create(String logical, String index) {
        try {
            if (client.indices().exists(e -> e.index(index)).value()) {
                addNewFields(logical, index);
                return;
            }
            try (InputStream body = IndexSetup.class.getResourceAsStream("/es/" + logical + ".json")) {
                if (body == null) {
                    throw new IllegalStateException("mapping resource es/" + logical + ".json missing");
                }
                client.indices().create(CreateIndexRequest.of(b -> b.index(index).withJson(body)));
                LOG.info("created index {}", index);
            }
        } catch (Exception e) {
            if (ElasticsearchErrors.status(e) == 400 && String.valueOf(e.getMessage()).contains("already_exists")) {
                return;
            }
            throw ElasticsearchErrors.translate("create index " + index, e);
        }
    }
}
