package cn.jinhua.risk.docker;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.RiskJob;
import cn.jinhua.risk.jobs.feed.FeedRouter;
import cn.jinhua.risk.jobs.io.AlertsToJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.checkpoint.DefaultCheckpointStatsTracker;
import org.apache.flink.runtime.metrics.MetricNames;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard, its provisioning and the Prometheus that feeds it, checked against the
 * code: the JSON parses, every panel reads the provisioned data source, and every metric a query
 * names is one the job registers (our counters' group and metric names, Flink's own metric names
 * from its classes) under the scope the Prometheus reporter gives it; Prometheus scrapes the port
 * the reporter is configured with in compose and Kubernetes.
 */
@SuppressWarnings("unchecked")
class GrafanaDashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DASHBOARDS = Path.of("grafana/dashboards");
    /** The Prometheus reporter's names: flink_ + scope + the metric's groups and name, joined by _. */
    private static final String JOB_SCOPE = "flink_jobmanager_job_";
    private static final String OPERATOR_SCOPE = "flink_taskmanager_job_task_operator_";
    private static final Pattern METRIC = Pattern.compile("flink_[A-Za-z0-9_]+");

    @Test
    void everyMetricTheDashboardQueriesIsOneTheJobRegisters() throws Exception {
        Set<String> ours = Set.of(FeedRouter.TOPIC + "_" + FeedRouter.RECORDS_IN, AlertsToJson.RULE + "_" + AlertsToJson.ALERTS);
        Set<String> ourPrefixes = Set.of(FeedRouter.DEAD_LETTERS_GROUP + "_");
        Set<String> flinkOperator = constants(MetricNames.class);
        Set<String> flinkJob = new HashSet<>(constants(MetricNames.class));
        flinkJob.addAll(constants(DefaultCheckpointStatsTracker.class));

        List<String> queries = queries();
        assertThat(queries).isNotEmpty();
        Set<String> seen = new HashSet<>();
        for (String q : queries) {
            Matcher m = METRIC.matcher(q);
            while (m.find()) {
                String metric = m.group();
                seen.add(metric);
                if (metric.startsWith(OPERATOR_SCOPE)) {
                    String name = metric.substring(OPERATOR_SCOPE.length());
                    boolean prefix = q.contains(metric + ".+");
                    assertThat(prefix ? ourPrefixes.contains(name) : ours.contains(name) || flinkOperator.contains(name))
                            .as("%s (in %s) is registered by the job or by Flink", metric, q).isTrue();
                } else {
                    assertThat(metric).as("scope of %s", metric).startsWith(JOB_SCOPE);
                    assertThat(flinkJob).as("Flink's job metrics").contains(metric.substring(JOB_SCOPE.length()));
                }
            }
        }
        // The figures the dashboard must show.
        assertThat(seen).contains(OPERATOR_SCOPE + "topic_recordsIn", OPERATOR_SCOPE + "rule_alerts", OPERATOR_SCOPE + "deadLetters_",
                OPERATOR_SCOPE + MetricNames.IO_CURRENT_INPUT_WATERMARK, JOB_SCOPE + "lastCheckpointDuration",
                JOB_SCOPE + "lastCheckpointFullSize", JOB_SCOPE + "numRestarts");
    }

    @Test
    void labelsAndOperatorNamesAreTheJobs() throws IOException {
        String all = String.join("\n", queries());
        assertThat(all).contains("by (topic)", "by (rule)");
        Matcher router = Pattern.compile("operator_name=~\"([^\"]+)\"").matcher(all);
        assertThat(router.find()).isTrue();
        // The reporter writes an operator's name with every character but letters, digits and _ as _.
        for (String feed : List.of(RiskJob.LOST_PERSON_FEED, RiskJob.WASTEWATER_FEED)) {
            assertThat(FeedRouter.operatorName(feed).replaceAll("[^A-Za-z0-9_]", "_")).matches(router.group(1));
        }
    }

    @Test
    void everyPanelReadsTheProvisionedPrometheus() throws IOException {
        Map<String, Object> datasources = new Yaml().load(Files.readString(Path.of("grafana/provisioning/datasources/prometheus.yaml")));
        Map<String, Object> prometheus = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        for (JsonNode dashboard : dashboards()) {
            assertThat(dashboard.path("uid").asText()).isNotBlank();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(panel.path("datasource").path("uid").asText()).as("panel %s", panel.path("title")).isEqualTo(prometheus.get("uid"));
                assertThat(panel.path("targets")).isNotEmpty();
            }
        }
        assertThat(prometheus.get("url")).isEqualTo("http://prometheus:9090");
    }

    @Test
    void composeLoadsTheDashboardsAndPrometheusScrapesTheReporterPort() throws IOException {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(Files.readString(Path.of("compose.yaml"))))
                .get("services");
        Map<String, Object> grafana = (Map<String, Object>) services.get("grafana");
        Map<String, String> mounts = mounts(grafana);
        Map<String, Object> provider = ((List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(
                Files.readString(Path.of("grafana/provisioning/dashboards/risk.yaml")))).get("providers")).get(0);
        String dashboardsPath = (String) ((Map<String, Object>) provider.get("options")).get("path");
        assertThat(mounts).containsEntry("./grafana/dashboards", dashboardsPath).containsEntry("./grafana/provisioning", "/etc/grafana/provisioning");
        assertThat(services).containsKey("prometheus");
        Map<String, String> promMounts = mounts((Map<String, Object>) services.get("prometheus"));
        assertThat(promMounts).containsEntry("./prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");

        List<String> targets = new ArrayList<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(
                Files.readString(Path.of("prometheus/prometheus.yml")))).get("scrape_configs")) {
            for (Map<String, Object> sc : (List<Map<String, Object>>) job.get("static_configs")) {
                targets.addAll((List<String>) sc.get("targets"));
            }
        }
        for (String flink : List.of("jobmanager", "taskmanager")) {
            Map<String, String> props = flinkProperties((Map<String, Object>) services.get(flink));
            assertThat(props).containsEntry("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            assertThat(targets).contains(flink + ":" + props.get("metrics.reporter.prom.port"));
            assertThat(FlinkConfigurationKeys.problems(props)).as("%s's FLINK_PROPERTIES", flink).isEmpty();
        }
        Map<String, Object> spec = (Map<String, Object>) FlinkDeploymentOperatorSchemaTest.flinkDeployment().get("spec");
        Map<String, String> k8s = (Map<String, String>) spec.get("flinkConfiguration");
        assertThat(k8s.get("metrics.reporter.prom.factory.class")).isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        Map<String, Object> podMeta = (Map<String, Object>) ((Map<String, Object>) spec.get("podTemplate")).get("metadata");
        assertThat((Map<String, String>) podMeta.get("annotations")).containsEntry("prometheus.io/port", k8s.get("metrics.reporter.prom.port"));
    }

    /** {@code FLINK_PROPERTIES} of a compose service, as Flink's image reads them (one key: value a line). */
    static Map<String, String> flinkProperties(Map<String, Object> service) {
        Map<String, String> props = new LinkedHashMap<>();
        String text = String.valueOf(((Map<String, Object>) service.get("environment")).get("FLINK_PROPERTIES"));
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                props.put(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
            }
        }
        return props;
    }

    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : (List<String>) service.get("volumes")) {
            String[] parts = v.split(":");
            out.put(parts[0], parts[1]);
        }
        return out;
    }

    private static List<JsonNode> dashboards() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var files = Files.list(DASHBOARDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(JSON.readTree(f.toFile()));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static List<String> queries() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode d : dashboards()) {
            for (JsonNode panel : d.path("panels")) {
                panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
            }
            d.path("templating").path("list").forEach(v -> out.add(v.path("query").path("query").asText()));
        }
        return out;
    }

    /** The String constants of a class: Flink keeps its metric names there. */
    private static Set<String> constants(Class<?> c) throws IllegalAccessException {
        Set<String> out = new HashSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                f.setAccessible(true);
                out.add((String) f.get(null));
            }
        }
        return out;
    }
}
