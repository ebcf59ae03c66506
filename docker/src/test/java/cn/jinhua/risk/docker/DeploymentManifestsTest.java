package cn.jinhua.risk.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import cn.jinhua.risk.jobs.RiskJobOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so the compose file and the Kubernetes manifests are checked against
 * the code: the environment variables the API and the job read, the ports they listen on, the jar
 * paths the build produces, the images and server versions ./risk runs locally.
 */
@SuppressWarnings("unchecked")
class DeploymentManifestsTest {
    private static final Path ROOT = Path.of("..");
    private static final Path DOCKER = Path.of(".");
    private static final Map<String, Object> COMPOSE = yaml(DOCKER.resolve("compose.yaml")).get(0);
    private static final Map<String, Object> SERVICES = (Map<String, Object>) COMPOSE.get("services");
    private static final List<Map<String, Object>> K8S = k8s();

    @Test
    void apiEnvironmentNamesAreTheOnesTheApiReads() throws IOException {
        Set<String> read = apiPlaceholders();
        read.add("MICRONAUT_ENVIRONMENTS");
        // Micronaut's own: further configuration files (k8s mounts the accounts Secret as one).
        read.add("MICRONAUT_CONFIG_FILES");
        Map<String, String> composeEnv = env(service("alert-api"));
        Map<String, String> k8sEnv = containerEnv(container("Deployment", "alert-api", "alert-api"));
        assertThat(composeEnv.keySet()).isSubsetOf(read);
        assertThat(k8sEnv.keySet()).isSubsetOf(read);
        for (String required : requiredApiVariables()) {
            assertThat(composeEnv).as("compose sets %s", required).containsKey(required);
            assertThat(k8sEnv).as("k8s sets %s", required).containsKey(required);
        }
        assertThat(composeEnv.get("RISK_ES_URL")).isEqualTo("http://elasticsearch:9200");
        Map<String, String> apiConfig = (Map<String, String>) resource("ConfigMap", "risk-api-config").get("data");
        assertThat(apiConfig.get("RISK_ES_URL")).isEqualTo("http://elasticsearch:9200");
        assertThat(apiConfig.get("MICRONAUT_ENVIRONMENTS")).doesNotContain("demo");
    }

    @Test
    void theApiReadsItsAccountsFromTheSecretMountedWhereTheConfigMapSays() {
        Map<String, String> apiConfig = (Map<String, String>) resource("ConfigMap", "risk-api-config").get("data");
        Map<String, Object> c = container("Deployment", "alert-api", "alert-api");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec(resource("Deployment", "alert-api")).get("template")).get("spec");
        Path file = Path.of(apiConfig.get("MICRONAUT_CONFIG_FILES"));
        Map<String, Object> mount = ((List<Map<String, Object>>) c.get("volumeMounts")).stream()
                .filter(m -> file.getParent().toString().equals(m.get("mountPath"))).findFirst().orElseThrow();
        Map<String, Object> volume = ((List<Map<String, Object>>) pod.get("volumes")).stream()
                .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
        String secret = (String) ((Map<String, Object>) volume.get("secret")).get("secretName");
        Map<String, String> example = (Map<String, String>) resource("Secret", secret).get("stringData");
        Map<String, Object> accounts = new Yaml().load(example.get(file.getFileName().toString()));
        Map<String, Object> configured = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) accounts.get("risk"))
                .get("security")).get("accounts");
        assertThat(configured).isNotEmpty().allSatisfy((name, account) ->
                assertThat((Map<String, Object>) account).containsKeys("password-hash", "roles"));
        // Liveness and readiness are Micronaut's health indicators, which the API lets anyone read.
        assertThat(((Map<String, Object>) ((Map<String, Object>) c.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/health/liveness");
        assertThat(((Map<String, Object>) ((Map<String, Object>) c.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/health/readiness");
        assertThat(Files.exists(ROOT.resolve("alert-api/src/main/resources/application.yml"))).isTrue();
    }

    @Test
    void everyLongRunningContainerHasResourcesProbesAndDropsItsPrivileges() {
        for (String[] w : List.of(new String[] {"Deployment", "alert-api", "alert-api"}, new String[] {"StatefulSet", "kafka", "kafka"},
                new String[] {"StatefulSet", "elasticsearch", "elasticsearch"}, new String[] {"Deployment", "prometheus", "prometheus"})) {
            Map<String, Object> c = container(w[0], w[1], w[2]);
            assertThat(c).as("%s %s", w[0], w[1]).containsKeys("resources", "livenessProbe", "readinessProbe", "securityContext");
            assertThat((Map<String, Object>) ((Map<String, Object>) c.get("resources")).get("requests")).containsKeys("cpu", "memory");
            assertThat((Map<String, Object>) c.get("securityContext")).containsEntry("allowPrivilegeEscalation", false);
            Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec(resource(w[0], w[1])).get("template")).get("spec");
            assertThat((Map<String, Object>) pod.get("securityContext")).containsEntry("runAsNonRoot", true);
        }
        Map<String, Object> ingress = spec(resource("Ingress", "alert-api"));
        Map<String, Object> tls = ((List<Map<String, Object>>) ingress.get("tls")).get(0);
        Map<String, Object> rule = ((List<Map<String, Object>>) ingress.get("rules")).get(0);
        assertThat((List<String>) tls.get("hosts")).contains((String) rule.get("host"));
        assertThat(tls.get("secretName")).isNotNull();
    }

    @Test
    void theApiRunsAtTwoReplicasThatADrainLeavesServing() {
        Map<String, Object> deployment = spec(resource("Deployment", "alert-api"));
        assertThat((Integer) deployment.get("replicas")).isGreaterThanOrEqualTo(2);
        Map<String, Object> budget = spec(resource("PodDisruptionBudget", "alert-api"));
        assertThat(budget.get("selector")).isEqualTo(deployment.get("selector"));
        assertThat((Integer) budget.get("minAvailable")).isBetween(1, (Integer) deployment.get("replicas") - 1);
    }

    @Test
    void kubernetesPrometheusScrapesEveryApiReplicaWithTheMetricsTokenFromTheSecret() {
        Map<String, Object> promPod = (Map<String, Object>) ((Map<String, Object>) spec(resource("Deployment", "prometheus"))
                .get("template")).get("spec");
        Map<String, Object> prom = container("Deployment", "prometheus", "prometheus");
        assertThat(prom.get("image")).isEqualTo(service("prometheus").get("image"));
        Map<String, String> config = (Map<String, String>) resource("ConfigMap", "prometheus-config").get("data");
        Map<String, Object> promConfig = new Yaml().load(config.get("prometheus.yml"));
        Map<String, Object> apiJob = ((List<Map<String, Object>>) promConfig.get("scrape_configs")).stream()
                .filter(j -> "risk-api".equals(j.get("job_name"))).findFirst().orElseThrow();

        // The path the API pods announce, read with the token the API itself is given.
        Map<String, Object> apiPod = (Map<String, Object>) spec(resource("Deployment", "alert-api")).get("template");
        Map<String, String> annotations = (Map<String, String>) ((Map<String, Object>) apiPod.get("metadata")).get("annotations");
        assertThat(apiJob.get("metrics_path")).isEqualTo(annotations.get("prometheus.io/path")).isEqualTo("/prometheus");
        Map<String, Object> authorization = (Map<String, Object>) apiJob.get("authorization");
        assertThat(authorization.get("type")).isEqualTo("Bearer");
        Path tokenFile = Path.of((String) authorization.get("credentials_file"));
        Map<String, Object> mount = ((List<Map<String, Object>>) prom.get("volumeMounts")).stream()
                .filter(m -> tokenFile.getParent().toString().equals(m.get("mountPath"))).findFirst().orElseThrow();
        Map<String, Object> secret = (Map<String, Object>) ((List<Map<String, Object>>) promPod.get("volumes")).stream()
                .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow().get("secret");
        Map<String, Object> item = ((List<Map<String, Object>>) secret.get("items")).stream()
                .filter(i -> tokenFile.getFileName().toString().equals(i.get("path"))).findFirst().orElseThrow();
        Map<String, Object> apiToken = (Map<String, Object>) ((Map<String, Object>) ((List<Map<String, Object>>)
                container("Deployment", "alert-api", "alert-api").get("env")).stream()
                .filter(e -> "RISK_METRICS_TOKEN".equals(e.get("name"))).findFirst().orElseThrow().get("valueFrom")).get("secretKeyRef");
        assertThat(secret.get("secretName")).isEqualTo(apiToken.get("name"));
        assertThat(item.get("key")).isEqualTo(apiToken.get("key"));
        assertThat((Map<String, String>) resource("Secret", (String) apiToken.get("name")).get("stringData"))
                .containsKey((String) apiToken.get("key"));

        // Each API pod is a target of its own: found through the Kubernetes API, kept by the Deployment's pod label.
        Map<String, Object> discovery = ((List<Map<String, Object>>) apiJob.get("kubernetes_sd_configs")).get(0);
        assertThat(discovery.get("role")).isEqualTo("pod");
        String podLabel = ((Map<String, String>) ((Map<String, Object>) apiPod.get("metadata")).get("labels")).get("app");
        assertThat((List<Map<String, Object>>) apiJob.get("relabel_configs")).anySatisfy(r -> {
            assertThat(r.get("source_labels")).isEqualTo(List.of("__meta_kubernetes_pod_label_app"));
            assertThat(r.get("regex")).isEqualTo(podLabel);
            assertThat(r.get("action")).isEqualTo("keep");
        });
        String apiPort = String.valueOf(((List<Map<String, Object>>) container("Deployment", "alert-api", "alert-api").get("ports"))
                .get(0).get("containerPort"));
        assertThat((List<Map<String, Object>>) apiJob.get("relabel_configs")).anySatisfy(r -> {
            assertThat(r.get("source_labels")).isEqualTo(List.of("__meta_kubernetes_pod_container_port_number"));
            assertThat(r.get("regex")).isEqualTo(apiPort);
        });
        // Discovering pods needs the right to list them, granted to the account Prometheus runs as.
        Map<String, Object> binding = resource("RoleBinding", "prometheus");
        assertThat((List<Map<String, Object>>) binding.get("subjects")).anySatisfy(sub ->
                assertThat(sub.get("name")).isEqualTo(promPod.get("serviceAccountName")));
        Map<String, Object> role = resource("Role", (String) ((Map<String, Object>) binding.get("roleRef")).get("name"));
        assertThat((List<Map<String, Object>>) role.get("rules")).anySatisfy(r -> {
            assertThat((List<String>) r.get("resources")).contains("pods");
            assertThat((List<String>) r.get("verbs")).contains("list", "watch");
        });
        assertThat(resource("ServiceAccount", (String) promPod.get("serviceAccountName"))).isNotNull();
    }

    @Test
    void composeKeepsElasticsearchInsideAndRunsTheApiWithTheAccountsFile() {
        assertThat(service("elasticsearch")).as("Elasticsearch publishes no port").doesNotContainKey("ports");
        Map<String, String> apiEnv = env(service("alert-api"));
        assertThat(apiEnv.get("MICRONAUT_ENVIRONMENTS")).isEqualTo("production");
        String accounts = apiEnv.get("RISK_ACCOUNTS_FILE");
        assertThat(accounts).startsWith("/");
        List<String> volumes = (List<String>) service("alert-api").get("volumes");
        assertThat(volumes).anySatisfy(v -> {
            String[] parts = withComposeDefaults(v).split(":");
            assertThat(parts).hasSize(3);
            assertThat(DOCKER.resolve(parts[0]).normalize()).as("the file ./risk account writes")
                    .isEqualTo(ROOT.resolve(".risk/accounts").normalize());
            assertThat(parts[1]).isEqualTo(accounts);
            assertThat(parts[2]).isEqualTo("ro");
        });
    }

    @Test
    void apiPortsAgreeEverywhere() throws IOException {
        String port = env(service("alert-api")).get("RISK_API_PORT");
        assertThat((List<String>) service("alert-api").get("ports")).containsExactly(port + ":" + port);
        Map<String, Object> c = container("Deployment", "alert-api", "alert-api");
        assertThat(((List<Map<String, Object>>) c.get("ports")).get(0).get("containerPort")).isEqualTo(Integer.parseInt(port));
        assertThat(containerEnv(c).get("RISK_API_PORT")).isEqualTo(port);
        Map<String, Object> svcPort = ((List<Map<String, Object>>) spec(resource("Service", "alert-api")).get("ports")).get(0);
        assertThat(svcPort.get("targetPort")).isEqualTo(Integer.parseInt(port));
        assertThat(Files.readString(DOCKER.resolve("alert-api/Dockerfile"))).contains("EXPOSE " + port, "ENV RISK_API_PORT=" + port);
        assertThat(apiConfig()).contains("${RISK_API_PORT:" + port + "}");
    }

    @Test
    void jobArgumentsParseWithTheJobsOwnOptions() {
        List<String> command = (List<String>) service("jobmanager").get("command");
        assertThat(command.subList(0, 3)).containsExactly("standalone-job", "--job-classname", "cn.jinhua.risk.jobs.RiskJob");
        List<String> composeArgs = command.subList(3, command.size());
        Map<String, String> composeEnv = env(service("jobmanager"));
        RiskJobOptions fromCompose = RiskJobOptions.parse(composeArgs.toArray(String[]::new), composeEnv);
        assertThat(fromCompose.bootstrap()).isEqualTo(advertisedListener(env(service("kafka"))));
        assertThat(URI.create(fromCompose.apiUrl()).getHost()).isEqualTo("alert-api");
        assertThat(URI.create(fromCompose.apiUrl()).getPort()).isEqualTo(8080);
        assertThat(fromCompose.ingestToken()).isEqualTo(composeEnv.get("RISK_INGEST_TOKEN"));
        assertThat(fromCompose.recordClock().live()).as("compose runs the live clock").isTrue();
        assertThat(fromCompose.recordClock().maxFutureSkewMillis()).isEqualTo(600_000L);

        Map<String, Object> job = (Map<String, Object>) spec(resource("FlinkDeployment", "risk-job")).get("job");
        assertThat(job.get("entryClass")).isEqualTo("cn.jinhua.risk.jobs.RiskJob");
        assertThatCode(() -> Class.forName((String) job.get("entryClass"))).doesNotThrowAnyException();
        Map<String, String> k8sEnv = new HashMap<>();
        ((List<Map<String, Object>>) ((Map<String, Object>) ((List<Object>) ((Map<String, Object>) ((Map<String, Object>)
                spec(resource("FlinkDeployment", "risk-job")).get("podTemplate")).get("spec")).get("containers")).get(0)).get("env"))
                .forEach(e -> k8sEnv.put((String) e.get("name"), e.containsKey("value") ? String.valueOf(e.get("value")) : "from-secret"));
        RiskJobOptions fromK8s = RiskJobOptions.parse(((List<String>) job.get("args")).toArray(String[]::new), k8sEnv);
        assertThat(fromK8s.bootstrap()).isEqualTo(advertisedListener(containerEnv(container("StatefulSet", "kafka", "kafka"))));
        assertThat(URI.create(fromK8s.apiUrl()).getHost()).startsWith("alert-api.");
        assertThat(fromK8s.ingestToken()).isEqualTo("from-secret");
        assertThat(fromK8s.recordClock().live()).as("k8s runs the live clock").isTrue();
        assertThat(fromK8s.recordClock().maxFutureSkewMillis()).isEqualTo(600_000L);
    }

    /**
     * The API reaches the broker the job does (it sends live changes on risk.control and reads
     * risk.positions, risk.readings and risk.control.results), and compose and Kubernetes create
     * every topic ./risk up creates: the broker creates none by itself.
     */
    @Test
    void theApiReadsTheJobsKafkaAndEveryTopicIsCreated() throws IOException {
        Map<String, String> apiConfig = (Map<String, String>) resource("ConfigMap", "risk-api-config").get("data");
        assertThat(env(service("alert-api")).get("RISK_KAFKA_BOOTSTRAP")).isEqualTo(advertisedListener(env(service("kafka"))));
        assertThat(apiConfig.get("RISK_KAFKA_BOOTSTRAP"))
                .isEqualTo(advertisedListener(containerEnv(container("StatefulSet", "kafka", "kafka"))));
        assertThat(containerEnv(container("Deployment", "alert-api", "alert-api"))).containsKey("RISK_KAFKA_BOOTSTRAP");
        Matcher m = Pattern.compile("(?m)^TOPICS=\\(([^)]*)\\)").matcher(Files.readString(ROOT.resolve("risk")));
        assertThat(m.find()).as("TOPICS in ./risk").isTrue();
        List<String> topics = List.of(m.group(1).trim().split("\\s+"));
        assertThat(topics).contains("risk.control", "risk.control.results");
        String composeTopics = String.join(" ", (List<String>) service("kafka-topics").get("command"));
        String k8sTopics = Files.readString(DOCKER.resolve("k8s/kafka.yaml"));
        for (String t : topics) {
            assertThat(composeTopics).as("compose creates %s", t).containsPattern("for t in [^;]*\\b" + Pattern.quote(t) + "( |;)");
            assertThat(k8sTopics).as("k8s creates %s", t).containsPattern("for t in [^;]*\\b" + Pattern.quote(t) + "( |;)");
        }
    }

    @Test
    void jarPathsAreWhatTheBuildProduces() throws IOException {
        String jobDockerfile = Files.readString(DOCKER.resolve("flink-job/Dockerfile"));
        String jobPom = Files.readString(ROOT.resolve("flink-jobs/pom.xml"));
        Matcher out = Pattern.compile("<outputFile>\\$\\{project.build.directory}/([^<]+\\.jar)</outputFile>").matcher(jobPom);
        assertThat(out.find()).as("flink-jobs builds a shaded jar").isTrue();
        assertThat(jobDockerfile).contains("COPY --chown=flink:flink flink-jobs/target/" + out.group(1) + " /opt/flink/usrlib/risk-jobs.jar");
        Map<String, Object> job = (Map<String, Object>) spec(resource("FlinkDeployment", "risk-job")).get("job");
        assertThat(job.get("jarURI")).isEqualTo("local:///opt/flink/usrlib/risk-jobs.jar");

        String apiPom = Files.readString(ROOT.resolve("alert-api/pom.xml"));
        Matcher artifact = Pattern.compile("<artifactId>(alert-api)</artifactId>\\s*<version>([^<]+)</version>").matcher(apiPom);
        assertThat(artifact.find()).isTrue();
        assertThat(Files.readString(DOCKER.resolve("alert-api/Dockerfile")))
                .contains("COPY alert-api/target/" + artifact.group(1) + "-" + artifact.group(2) + ".jar /opt/risk/alert-api.jar");
    }

    @Test
    void theClusterJarLeavesFlinkAndLoggingToTheCluster() throws IOException {
        String jobPom = Files.readString(ROOT.resolve("flink-jobs/pom.xml"));
        for (String provided : List.of("flink-streaming-java", "flink-clients", "flink-runtime-web", "flink-metrics-prometheus",
                "log4j-core", "log4j-slf4j2-impl", "slf4j-api")) {
            assertThat(jobPom).as("%s is provided", provided)
                    .containsPattern("<artifactId>" + provided + "</artifactId>\\s*(<version>[^<]+</version>\\s*)?<scope>provided</scope>");
        }
        Path jar = ROOT.resolve("flink-jobs/target/risk-jobs.jar");
        if (Files.exists(jar)) {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                assertThat(zip.getEntry("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class")).isNull();
                assertThat(zip.getEntry("org/apache/logging/log4j/core/Logger.class")).isNull();
                assertThat(zip.getEntry("org/apache/flink/connector/kafka/source/KafkaSource.class")).isNotNull();
                assertThat(zip.getEntry("cn/jinhua/risk/jobs/RiskJob.class")).isNotNull();
            }
        }
    }

    @Test
    void imagesMatchBetweenComposeKubernetesAndTheLocalRuntime() throws IOException {
        assertThat(container("Deployment", "alert-api", "alert-api").get("image")).isEqualTo(service("alert-api").get("image"));
        assertThat(spec(resource("FlinkDeployment", "risk-job")).get("image")).isEqualTo(service("jobmanager").get("image"));
        assertThat(service("taskmanager").get("image")).isEqualTo(service("jobmanager").get("image"));
        assertThat(container("StatefulSet", "kafka", "kafka").get("image")).isEqualTo(service("kafka").get("image"));
        assertThat(container("StatefulSet", "elasticsearch", "elasticsearch").get("image")).isEqualTo(service("elasticsearch").get("image"));

        String runtime = Files.readString(ROOT.resolve("scripts/runtime/pom.xml"));
        assertThat((String) service("kafka").get("image")).endsWith(":" + property(runtime, "kafka.broker.version"));
        assertThat((String) service("elasticsearch").get("image")).endsWith(":" + property(runtime, "elasticsearch.server.version"));
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        assertThat(Files.readString(DOCKER.resolve("flink-job/Dockerfile"))).contains("FROM flink:" + property(rootPom, "flink.version") + "-java17");
    }

    @Test
    void topicsCreatedEverywhereAreTheOnesTheJobUses() throws IOException {
        RiskJobOptions defaults = RiskJobOptions.parse(new String[0], Map.of());
        List<String> topics = List.of(defaults.topics().locations(), defaults.topics().calls(), defaults.topics().sensors(),
                defaults.alertsTopic(), defaults.dlqTopic());
        String composeTopics = String.join(" ", (List<String>) service("kafka-topics").get("command"));
        String k8sTopics = String.join(" ", (List<String>) container("Job", "kafka-topics", "topics").get("args"));
        String risk = Files.readString(ROOT.resolve("risk"));
        for (String t : topics) {
            assertThat(composeTopics).contains(t);
            assertThat(k8sTopics).contains(t);
            assertThat(risk).contains(t);
        }
    }

    // ---------------------------------------------------------------------------------------

    private static String advertisedListener(Map<String, String> kafkaEnv) {
        return kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS").replace("PLAINTEXT://", "");
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("property %s", name).isTrue();
        return m.group(1);
    }

    private static String apiConfig() throws IOException {
        return Files.readString(ROOT.resolve("alert-api/src/main/resources/application.yml"));
    }

    private static Set<String> apiPlaceholders() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\$\\{(RISK_[A-Z0-9_]+)").matcher(apiConfig());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Placeholders without a default: the API cannot start without them outside the demo. */
    private static Set<String> requiredApiVariables() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\$\\{(RISK_[A-Z0-9_]+)}").matcher(apiConfig());
        while (m.find()) {
            names.add(m.group(1));
        }
        names.add("RISK_ES_URL");
        return names;
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> s = (Map<String, Object>) SERVICES.get(name);
        assertThat(s).as("compose service %s", name).isNotNull();
        return s;
    }

    private static final Pattern COMPOSE_DEFAULT = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");

    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        Object e = service.get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), withComposeDefaults(String.valueOf(v))));
        }
        return out;
    }

    /** What compose makes of {@code ${NAME:-default}} when NAME is not set in the shell that runs it. */
    private static String withComposeDefaults(String value) {
        return COMPOSE_DEFAULT.matcher(value).replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
    }

    private static Map<String, Object> resource(String kind, String name) {
        return K8S.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(((Map<String, Object>) d.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in docker/k8s"));
    }

    private static Map<String, Object> spec(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("spec");
    }

    private static Map<String, Object> container(String kind, String name, String container) {
        Map<String, Object> template = (Map<String, Object>) spec(resource(kind, name)).get("template");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers");
        return containers.stream().filter(c -> container.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + container + " in " + kind + " " + name));
    }

    private static Map<String, String> containerEnv(Map<String, Object> container) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
            out.put((String) e.get("name"), e.containsKey("value") ? String.valueOf(e.get("value")) : "from-secret");
        }
        return out;
    }

    private static List<Map<String, Object>> yaml(Path file) {
        try {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object d : new Yaml().loadAll(Files.readString(file))) {
                if (d != null) {
                    docs.add((Map<String, Object>) d);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static List<Map<String, Object>> k8s() {
        List<Map<String, Object>> all = new ArrayList<>();
        try (var files = Files.list(DOCKER.resolve("k8s"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(f -> all.addAll(yaml(f)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return all;
    }
}
