package cn.jinhua.risk.api.store;

import cn.jinhua.risk.api.json.Json;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

/**
 * Bulk writes through the low-level REST client: the NDJSON body is written straight by the
 * application's Jackson mapper, and the response is cut down ({@code filter_path}) to what callers
 * read. Ingest spent more CPU in the typed client (building every operation through JSON-P and
 * reading back every field of every item) than in its own work. Results come in the order of the
 * items. Thread-safe.
 */
@Singleton
public final class BulkWriter {
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final String FILTER = "items.*._id,items.*.status,items.*._seq_no,items.*._primary_term,"
            + "items.*.error.type,items.*.error.reason";
    private final RestClient rest;

    BulkWriter(RestClientTransport transport) {
        this.rest = transport.restClient();
    }

    /** How an item is written. */
    public enum Op {
        /** Only if no document has the id (409 otherwise). */
        CREATE,
        /** Create or replace; with a version, only if the stored document is still at it (409 otherwise). */
        INDEX
    }

    /**
     * One document to write.
     *
     * @param document serialised with the application's mapper (records, maps, Jackson trees)
     * @param ifSeqNo with {@code ifPrimaryTerm}: the version the write is conditional on, or null
     */
    public record Item(Op op, String index, String id, Object document, Long ifSeqNo, Long ifPrimaryTerm) {
        public static Item create(String index, String id, Object document) {
            return new Item(Op.CREATE, index, id, document, null, null);
        }
    }

    /**
     * The outcome of one item.
     *
     * @param status HTTP status of the item (201/200 written, 409 conflict, ...)
     * @param seqNo with {@code primaryTerm}: the version written, -1 when not written
     * @param error Elasticsearch's reason when not written, else null
     */
    public record Result(String id, int status, long seqNo, long primaryTerm, String error) {
        public boolean written() {
            return error == null && status < 300;
        }
    }

    /**
     * Writes the items in one request.
     *
     * @throws IOException when Elasticsearch cannot be reached or refuses the whole request
     *     (translate with {@link ElasticsearchErrors#translate})
     */
    public List<Result> write(List<Item> items, Refresh refresh) throws IOException {
        if (items.isEmpty()) {
            return List.of();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(items.size() * 1024);
        try (JsonGenerator g = Json.MAPPER.createGenerator(body)) {
            g.setRootValueSeparator(null);
            for (Item it : items) {
                g.writeStartObject();
                g.writeObjectFieldStart(it.op() == Op.CREATE ? "create" : "index");
                g.writeStringField("_index", it.index());
                g.writeStringField("_id", it.id());
                if (it.ifSeqNo() != null) {
                    g.writeNumberField("if_seq_no", it.ifSeqNo());
                    g.writeNumberField("if_primary_term", it.ifPrimaryTerm());
                }
                g.writeEndObject();
                g.writeEndObject();
                g.writeRaw('\n');
                Json.MAPPER.writeValue(g, it.document());
                g.writeRaw('\n');
            }
        }
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", FILTER);
        if (refresh != Refresh.False) {
            request.addParameter("refresh", refresh.jsonValue());
        }
        request.setEntity(new ByteArrayEntity(body.toByteArray(), NDJSON));
        Response response = rest.performRequest(request);
        JsonNode tree;
        try (InputStream in = response.getEntity().getContent()) {
            tree = Json.MAPPER.readTree(in);
        }
        JsonNode list = tree.path("items");
        if (list.size() != items.size()) {
            throw new IOException("bulk answered " + list.size() + " items for " + items.size());
        }
        List<Result> out = new ArrayList<>(items.size());
        for (JsonNode wrapper : list) {
            JsonNode r = wrapper.elements().next();
            JsonNode error = r.get("error");
            out.add(new Result(r.path("_id").asText(), r.path("status").asInt(), r.path("_seq_no").asLong(-1),
                    r.path("_primary_term").asLong(-1),
                    error == null ? null : error.path("type").asText() + ": " + error.path("reason").asText()));
        }
        return out;
    }
}
