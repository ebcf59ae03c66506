package cn.jinhua.risk.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.support.Api;
import cn.jinhua.risk.contract.ContractSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API against the alert contract (docs/contract/alert.schema.json and its examples): what the
 * schema accepts is stored as sent, what it refuses is refused with a 400 naming the field.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "risk.elasticsearch.index-prefix", value = "t-contract-")
class AlertContractTest {
    @Inject
    @Client("/")
    HttpClient client;
    Api api;

    @BeforeAll
    void setUp() {
        api = new Api(client);
    }

    @Test
    void storesEveryValidExampleAsSent() throws Exception {
        List<JsonNode> examples = ContractSchemas.validAlertExamples();
        assertThat(examples).hasSize(3);
        for (JsonNode sent : examples) {
            String id = sent.get("id").asText();
            Api.Response r = api.post("/api/alerts", "ingest", Json.MAPPER.writeValueAsString(sent));
            assertThat(r.status()).as(id + ": " + r.body()).isEqualTo(200);
            assertThat(r.json().get("created").asInt()).as(id).isEqualTo(1);

            JsonNode stored = api.get("/api/alerts/" + id, "command").json();
            for (Map.Entry<String, JsonNode> field : sent.properties()) {
                assertThat(stored.get(field.getKey())).as(id + "." + field.getKey()).isEqualTo(field.getValue());
            }
            assertThat(stored.get("incidentId").asText()).as(id).startsWith("inc-");
            assertThat(stored.get("status").asText()).as(id).isEqualTo("NEW");
            assertThat(ContractSchemas.alertProblems(stored)).as(id + " as served").isEmpty();
        }
    }

    @Test
    void refusesEveryInvalidExampleNamingTheField() throws Exception {
        List<ContractSchemas.InvalidExample> examples = ContractSchemas.invalidAlertExamples();
        assertThat(examples).hasSizeGreaterThan(10);
        for (ContractSchemas.InvalidExample x : examples) {
            Api.Response r = api.post("/api/alerts", "ingest", Json.MAPPER.writeValueAsString(x.alert()));
            assertThat(r.status()).as(x.why() + ": " + r.body()).isEqualTo(400);
            String reason = r.json().get("error").asText();
            if (x.alert().isArray()) {
                // A JSON array is a batch for the API: each element that is not an alert object is named.
                assertThat(reason).as(x.why()).contains("alerts[0]: expected a JSON object");
            } else {
                // The field itself, or one of its elements: zoneIds[0]: expected a string.
                assertThat(reason).as(x.why()).matches(Pattern.quote(x.field()) + "(\\[\\d+])?: .+");
            }
            JsonNode id = x.alert().get("id");
            if (id != null && id.isTextual() && !id.asText().contains(" ")) {
                assertThat(api.get("/api/alerts/" + id.asText(), "command").status()).as(x.why()).isEqualTo(404);
            }
        }
    }
}
