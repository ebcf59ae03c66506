package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskJobOptionsTest {

    static RiskJobOptions parse(Map<String, String> env, String... args) {
        return RiskJobOptions.parse(args, env);
    }

    @Test
    void defaultsFollowTheOperationsContract() {
        RiskJobOptions o = parse(Map.of());
        assertThat(o.bootstrap()).isEqualTo("localhost:9092");
        assertThat(o.topics().all()).containsExactly("risk.locations", "risk.calls", "risk.sensors");
        assertThat(o.alertsTopic()).isEqualTo("risk.alerts");
        assertThat(o.dlqTopic()).isEqualTo("risk.dlq");
        assertThat(o.local()).isFalse();
        assertThat(o.webUiPort()).isEqualTo(8081);
        assertThat(o.webUiBind()).isEqualTo("127.0.0.1");
        assertThat(o.apiUrl()).isNull();
        assertThat(o.outOfOrderness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.hikerParams().signalLost().timeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(o.checkpointDir()).startsWith("file:");
    }

    @Test
    void argumentsWinOverEnvironmentVariables() {
        Map<String, String> env = Map.of("RISK_KAFKA_BOOTSTRAP", "kafka:19092", "RISK_API_URL", "http://api:8080",
                "RISK_INGEST_TOKEN", "secret");
        RiskJobOptions o = parse(env, "--local", "--web-ui-port=18081", "--parallelism", "4", "--hiker.areaBufferM", "800");
        assertThat(o.bootstrap()).isEqualTo("kafka:19092");
        assertThat(o.apiUrl()).isEqualTo("http://api:8080");
        assertThat(o.ingestToken()).isEqualTo("secret");
        assertThat(o.local()).isTrue();
        assertThat(o.webUiPort()).isEqualTo(18081);
        assertThat(parse(Map.of("RISK_FLINK_UI_BIND", "0.0.0.0")).webUiBind()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> parse(Map.of(), "--web-ui-bind", "a b")).hasMessageContaining("--web-ui-bind");
        assertThat(o.parallelism()).isEqualTo(4);
        assertThat(o.hikerParams().areaBufferM()).isEqualTo(800);
        assertThat(o.hikerParams().signalLost().timeout()).as("the catalogue's").isEqualTo(Duration.ofMinutes(45));
        assertThat(parse(env, "--bootstrap", "b1:9092,b2:9092").bootstrap()).isEqualTo("b1:9092,b2:9092");
    }

    @Test
    void theSearchRingsComeFromTheEnvironmentTheApiReadsTooUnlessGiven() {
        Map<String, String> env = Map.of("RISK_SEARCH_RADII_KM", "0.5,1,2,4", "RISK_SEARCH_WALKING_KMH", "3");
        assertThat(parse(env).hikerParams().searchRadiiKm()).containsExactly(0.5, 1.0, 2.0, 4.0);
        assertThat(parse(env).hikerParams().searchWalkingKmh()).isEqualTo(3.0);
        assertThat(parse(env, "--hiker.searchWalkingKmh", "2").hikerParams().searchWalkingKmh()).isEqualTo(2.0);
        assertThatThrownBy(() -> parse(Map.of("RISK_SEARCH_RADII_KM", "4,2"))).hasMessageContaining("searchRadiiKm");
    }

    @Test
    void badOptionsAreRefusedWithAMessageNamingThem() {
        assertThatThrownBy(() -> parse(Map.of(), "--colour", "red")).hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> parse(Map.of(), "--parallelism", "two")).hasMessageContaining("--parallelism needs a whole number");
        assertThatThrownBy(() -> parse(Map.of(), "--parallelism", "0")).hasMessageContaining("between 1 and 1024");
        assertThatThrownBy(() -> parse(Map.of(), "--bootstrap", "nohost")).hasMessageContaining("--bootstrap must be host:port");
        assertThatThrownBy(() -> parse(Map.of(), "--api-url", "ftp://x")).hasMessageContaining("--api-url must be an http(s) URL");
        assertThatThrownBy(() -> parse(Map.of(), "--api-url", "http://api:8080")).hasMessageContaining("--ingest-token");
        assertThatThrownBy(() -> parse(Map.of(), "--world-dir", "/no/such/dir")).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> parse(Map.of(), "--checkpoint-interval")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "--hiker.searchWalkingKmh", "soon")).hasMessageContaining(
                "hiker.searchWalkingKmh needs a number");
        assertThatThrownBy(() -> parse(Map.of(), "--hiker.stateTtlHours", "0.5")).hasMessageContaining(
                "option hiker.stateTtlHours: hiker.stateTtlHours must exceed the signal-lost timeouts");
        assertThatThrownBy(() -> parse(Map.of(), "--hiker.stillMinutes", "30")).hasMessageContaining(
                "option hiker.stillMinutes is a parameter of hiker.off-trail-stationary: rule parameters are not job options");
        assertThatThrownBy(() -> parse(Map.of(), "--hiker.keywords", "help, sos")).hasMessageContaining(
                "is a parameter of hiker.distress-call").hasMessageContaining("./risk control");
        assertThatThrownBy(() -> parse(Map.of(), "--hiker.colour", "red")).hasMessageContaining("unknown option --hiker.colour");
        assertThatThrownBy(() -> parse(Map.of(), "stray")).hasMessageContaining("unexpected argument 'stray'");
        assertThatThrownBy(() -> parse(Map.of(), "--help")).isInstanceOf(RiskJobOptions.HelpRequested.class)
                .hasMessageContaining("--bootstrap");
    }
}
