package cn.jinhua.risk.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The contract's JSON Schemas and examples, for tests on both sides of the contract (the job's
 * alerts must validate; the API must accept what validates and refuse the invalid examples). In
 * the contract's test-jar. Thread-safe.
 */
public final class ContractSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix("https://github.com/jinhua-risk/risk/docs/contract/", "classpath:contract/")));
    private static final JsonSchema ALERT = FACTORY.getSchema(SchemaLocation.of("classpath:contract/alert.schema.json"));

    /** An example alert that breaks the contract, why, and the field a refusal should name. */
    public record InvalidExample(String why, String field, JsonNode alert) {
    }

    private ContractSchemas() {
    }

    /** The schema's complaints about one alert; empty when it validates. */
    public static List<String> alertProblems(JsonNode alert) {
        Set<ValidationMessage> messages = ALERT.validate(alert);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    public static List<String> alertProblems(byte[] json) {
        try {
            return alertProblems(JSON.readTree(json));
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    /** A feed schema by topic record kind: location, call or sensor. */
    public static List<String> feedProblems(String kind, JsonNode record) {
        JsonSchema s = FACTORY.getSchema(SchemaLocation.of("classpath:contract/feed/" + kind + ".schema.json"));
        return s.validate(record).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** The valid example alerts of {@code docs/contract/examples}. */
    public static List<JsonNode> validAlertExamples() {
        List<JsonNode> out = new ArrayList<>();
        for (String name : List.of("alert-lost-person.json", "alert-wastewater.json", "alert-minimal.json")) {
            out.add(read("contract/examples/" + name));
        }
        return out;
    }

    /** The invalid example alerts of {@code docs/contract/examples/alert-invalid.json}. */
    public static List<InvalidExample> invalidAlertExamples() {
        List<InvalidExample> out = new ArrayList<>();
        for (JsonNode n : read("contract/examples/alert-invalid.json")) {
            out.add(new InvalidExample(n.get("why").asText(), n.get("field").asText(), n.get("alert")));
        }
        return out;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
