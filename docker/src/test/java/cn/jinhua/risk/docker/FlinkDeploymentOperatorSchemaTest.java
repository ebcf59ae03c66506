package cn.jinhua.risk.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The FlinkDeployment in {@code docker/k8s/risk-job.yaml} against the Flink Kubernetes Operator's
 * published CRD ({@code flink-kubernetes-operator-api}, its {@code META-INF/fabric8} YAML): the
 * CRD's OpenAPI schema, made strict as {@code kubectl apply} is (an unknown field is an error), and
 * the operator's rules for the upgrade mode (a savepoint directory for {@code savepoint}, high
 * availability and a checkpoint directory for {@code last-state}), read with Flink's own options.
 *
 * <p>{@code flinkVersion}: the newest operator release served here (the pom's
 * {@code flink.operator.version}) lists no Flink 2 constant, and the image runs Flink 2. The test
 * then requires the first Flink 2 constant ({@code v2_0}, which every operator with Flink 2 support
 * lists); once the served CRD lists Flink 2 constants, the value must be the newest of them not
 * newer than the image's Flink.
 */
@SuppressWarnings("unchecked")
class FlinkDeploymentOperatorSchemaTest {
    private static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONSTANT = Pattern.compile("v(\\d+)_(\\d+)");

    @Test
    void theFlinkDeploymentIsValidAgainstTheOperatorsPublishedSchema() throws IOException {
        Map<String, Object> crd = crd();
        Map<String, Object> deployment = flinkDeployment();
        String[] apiVersion = ((String) deployment.get("apiVersion")).split("/");
        Map<String, Object> crdSpec = (Map<String, Object>) crd.get("spec");
        assertThat(apiVersion[0]).isEqualTo(crdSpec.get("group"));
        assertThat(deployment.get("kind")).isEqualTo(((Map<String, Object>) crdSpec.get("names")).get("kind"));
        Map<String, Object> version = ((List<Map<String, Object>>) crdSpec.get("versions")).stream()
                .filter(v -> v.get("name").equals(apiVersion[1])).findFirst()
                .orElseThrow(() -> new AssertionError("the operator's CRD serves no version " + apiVersion[1]));
        assertThat(version.get("served")).isEqualTo(true);
        ObjectNode schema = strict(JSON.valueToTree(((Map<String, Object>) version.get("schema")).get("openAPIV3Schema")));

        ObjectNode document = JSON.valueToTree(deployment);
        document.remove(List.of("apiVersion", "kind", "metadata"));
        JsonNode flinkVersionEnum = schema.path("properties").path("spec").path("properties").path("flinkVersion").path("enum");
        String flinkVersion = document.path("spec").path("flinkVersion").asText();
        assertThat(flinkVersion).isEqualTo(expectedFlinkVersion(flinkVersionEnum, imageFlinkVersion()));
        if (!contains(flinkVersionEnum, flinkVersion)) {
            // Checked above against what the operator releases with Flink 2 support list.
            ((ObjectNode) document.path("spec")).remove("flinkVersion");
        }

        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        Set<ValidationMessage> problems = validator.validate(document);
        assertThat(problems).as("the FlinkDeployment against the operator's CRD schema").isEmpty();
    }

    @Test
    void theStrictSchemaRefusesWhatTheOperatorWouldRefuse() throws IOException {
        Map<String, Object> crdSpec = (Map<String, Object>) crd().get("spec");
        Map<String, Object> v1beta1 = ((List<Map<String, Object>>) crdSpec.get("versions")).stream()
                .filter(v -> v.get("name").equals("v1beta1")).findFirst().orElseThrow();
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                .getSchema(strict(JSON.valueToTree(((Map<String, Object>) v1beta1.get("schema")).get("openAPIV3Schema"))));
        ObjectNode document = JSON.valueToTree(flinkDeployment());
        document.remove(List.of("apiVersion", "kind", "metadata"));
        ((ObjectNode) document.path("spec")).remove("flinkVersion");
        ((ObjectNode) document.path("spec").path("job")).put("upgradeMode", "checkpoint");
        ((ObjectNode) document.path("spec").path("jobManager")).put("replica", 2);
        assertThat(validator.validate(document)).extracting(ValidationMessage::getMessage).anySatisfy(m -> assertThat(m)
                .contains("upgradeMode")).anySatisfy(m -> assertThat(m).contains("replica"));
    }

    @Test
    void theClusterConfigurationIsFlinksAndSatisfiesTheUpgradeMode() throws IOException {
        Map<String, Object> spec = (Map<String, Object>) flinkDeployment().get("spec");
        Map<String, String> flinkConfiguration = (Map<String, String>) spec.get("flinkConfiguration");
        assertThat(FlinkConfigurationKeys.problems(flinkConfiguration)).isEmpty();
        Configuration conf = FlinkConfigurationKeys.parse(flinkConfiguration);
        Map<String, Object> job = (Map<String, Object>) spec.get("job");
        String upgradeMode = (String) job.get("upgradeMode");
        if (upgradeMode.equals("savepoint") || upgradeMode.equals("last-state")) {
            assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).as("savepoint directory for upgradeMode " + upgradeMode)
                    .isNotBlank();
        }
        int jobManagers = (Integer) ((Map<String, Object>) spec.get("jobManager")).getOrDefault("replicas", 1);
        if (upgradeMode.equals("last-state") || jobManagers > 1) {
            assertThat(conf.get(HighAvailabilityOptions.HA_MODE)).isEqualTo("kubernetes");
            assertThat(conf.get(HighAvailabilityOptions.HA_STORAGE_PATH)).isNotBlank();
        }
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isNotBlank();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isNotNull();
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(conf.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(job.get("parallelism"));
        // Checkpoints, savepoints and HA data on the volume the pods mount.
        String mount = (String) ((List<Map<String, Object>>) ((List<Map<String, Object>>) ((Map<String, Object>)
                ((Map<String, Object>) spec.get("podTemplate")).get("spec")).get("containers")).get(0).get("volumeMounts")).get(0).get("mountPath");
        for (String dir : List.of(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY), conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
                conf.get(HighAvailabilityOptions.HA_STORAGE_PATH))) {
            assertThat(dir).startsWith("file://" + mount + "/");
        }
    }

    @Test
    void aMisspeltOrUnparsableFlinkOptionIsFound() {
        assertThat(FlinkConfigurationKeys.problems(Map.of("execution.checkpointing.intervall", "10s",
                "restart-strategy.exponential-delay.attempts-before-reset-backoff", "ten", "metrics.reporter.prom.port", "9249")))
                .hasSize(2).anySatisfy(p -> assertThat(p).startsWith("execution.checkpointing.intervall: no such Flink option"))
                .anySatisfy(p -> assertThat(p).startsWith("restart-strategy.exponential-delay.attempts-before-reset-backoff"));
    }

    /** The operator constant the image's Flink needs: see the class comment. */
    static String expectedFlinkVersion(JsonNode operatorEnum, int[] image) {
        String newest = null;
        int[] best = null;
        for (JsonNode c : operatorEnum) {
            Matcher m = CONSTANT.matcher(c.asText());
            if (m.matches()) {
                int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
                boolean notNewer = v[0] < image[0] || v[0] == image[0] && v[1] <= image[1];
                if (v[0] == image[0] && notNewer && (best == null || v[1] > best[1])) {
                    best = v;
                    newest = c.asText();
                }
            }
        }
        return newest != null ? newest : "v" + image[0] + "_0";
    }

    private static int[] imageFlinkVersion() throws IOException {
        Matcher m = Pattern.compile("FROM flink:(\\d+)\\.(\\d+)\\.\\d+").matcher(Files.readString(Path.of("flink-job/Dockerfile")));
        assertThat(m.find()).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static boolean contains(JsonNode array, String value) {
        return StreamSupport.stream(array.spliterator(), false).anyMatch(n -> n.asText().equals(value));
    }

    /**
     * The schema as the API server applies it with strict field validation: an object schema that
     * lists its properties and does not preserve unknown fields refuses any other field.
     * OpenAPI's {@code format} names (int32, int-or-string ...) are not JSON Schema's and go.
     */
    static ObjectNode strict(ObjectNode schema) {
        schema.remove("format");
        if (schema.has("properties") && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                && !schema.has("additionalProperties")) {
            schema.put("additionalProperties", false);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("enum")) {
                continue;
            }
            visit(e.getValue());
        }
        return schema;
    }

    private static void visit(JsonNode node) {
        if (node instanceof ObjectNode o) {
            strict(o);
        } else if (node.isArray()) {
            node.forEach(FlinkDeploymentOperatorSchemaTest::visit);
        }
    }

    private static Map<String, Object> crd() throws IOException {
        try (InputStream in = FlinkDeploymentOperatorSchemaTest.class.getClassLoader().getResourceAsStream(CRD)) {
            assertThat(in).as("%s in flink-kubernetes-operator-api", CRD).isNotNull();
            return new Yaml().load(in);
        }
    }

    static Map<String, Object> flinkDeployment() throws IOException {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object d : new Yaml().loadAll(Files.readString(Path.of("k8s/risk-job.yaml")))) {
            if (d instanceof Map<?, ?> m && "FlinkDeployment".equals(m.get("kind"))) {
                found.add(new LinkedHashMap<>((Map<String, Object>) m));
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
