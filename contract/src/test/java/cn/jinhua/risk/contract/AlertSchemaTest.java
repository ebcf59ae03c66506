package cn.jinhua.risk.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The schema itself: the examples say what it must accept and refuse. */
class AlertSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acceptsEveryValidExample() {
        assertThat(ContractSchemas.validAlertExamples()).hasSize(3)
                .allSatisfy(a -> assertThat(ContractSchemas.alertProblems(a)).as(a.get("id").asText()).isEmpty());
    }

    @Test
    void refusesEveryInvalidExample() {
        assertThat(ContractSchemas.invalidAlertExamples()).hasSizeGreaterThan(10)
                .allSatisfy(x -> assertThat(ContractSchemas.alertProblems(x.alert())).as(x.why()).isNotEmpty());
    }

    @Test
    void ignoresUnknownFields() {
        ObjectNode a = ContractSchemas.validAlertExamples().get(2).deepCopy();
        a.put("shadow", true);
        a.put("somethingNew", "x");
        assertThat(ContractSchemas.alertProblems(a)).isEmpty();
    }

    @Test
    void feedSchemasAcceptTheSeedShapesAndRefuseAWrongType() throws Exception {
        JsonNode fix = JSON.readTree("{\"deviceId\":\"d-1\",\"ts\":\"2026-12-19T10:00:00+08:00\",\"lat\":29.2,\"lon\":119.6,\"accuracyM\":12,\"source\":\"GPS\",\"batteryPct\":80}");
        JsonNode call = JSON.readTree("{\"callId\":\"c-1\",\"ts\":\"2026-12-19T10:00:00+08:00\",\"lat\":29.2,\"lon\":119.6,\"category\":\"LOST\",\"text\":\"迷路\"}");
        JsonNode reading = JSON.readTree("{\"sensorId\":\"wy-e03-pool-level\",\"ts\":\"2026-12-18T14:00:00+08:00\",\"value\":1.2,\"unit\":\"M\"}");
        assertThat(ContractSchemas.feedProblems("location", fix)).isEmpty();
        assertThat(ContractSchemas.feedProblems("call", call)).isEmpty();
        assertThat(ContractSchemas.feedProblems("sensor", reading)).isEmpty();
        assertThat(ContractSchemas.feedProblems("location", JSON.readTree("{\"deviceId\":\"d-1\",\"ts\":\"2026-12-19T10:00:00+08:00\",\"lat\":\"29.2\",\"lon\":119.6}")))
                .isNotEmpty();
    }
}
