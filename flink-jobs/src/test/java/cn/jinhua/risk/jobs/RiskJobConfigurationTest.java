package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

/** The cluster's configuration owns parallelism, checkpointing and restarts; the job sets them only locally or when told. */
class RiskJobConfigurationTest {
    private static final String REPORTER = "metrics.reporter.prom.factory.class";

    @Test
    void onAClusterTheJobLeavesCheckpointingAndRestartsToTheClustersConfiguration() {
        Configuration conf = RiskJob.clusterConfiguration(RiskJobOptions.parse(new String[0], Map.of()));
        assertThat(conf.contains(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isFalse();
        assertThat(conf.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isFalse();
        assertThat(conf.contains(RestartStrategyOptions.RESTART_STRATEGY)).isFalse();
        assertThat(conf.keySet()).doesNotContain(REPORTER);
        assertThat(conf.get(PipelineOptions.OBJECT_REUSE)).isTrue();
        assertThat(conf.get(ExecutionOptions.BUFFER_TIMEOUT)).as("an alert crosses two exchanges; Flink's 100 ms at each is too long")
                .isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void givenOptionsStillWinOnACluster() {
        Configuration conf = RiskJob.clusterConfiguration(RiskJobOptions.parse(
                new String[] {"--checkpoint-interval", "5", "--restart-attempts", "3"}, Map.of()));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS)).isEqualTo(3);
        Configuration fromEnv = RiskJob.clusterConfiguration(RiskJobOptions.parse(new String[0],
                Map.of("RISK_CHECKPOINT_DIR", "file:///data/checkpoints")));
        assertThat(fromEnv.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///data/checkpoints");
    }

    @Test
    void aClusterWithoutCheckpointingIsRefusedBecauseTheSinksCommitOnCheckpoints() {
        assertThatThrownBy(() -> RiskJob.environment(RiskJobOptions.parse(new String[0], Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("execution.checkpointing.interval");
        assertThat(RiskJob.environment(RiskJobOptions.parse(new String[] {"--checkpoint-interval", "5"}, Map.of()))
                .getCheckpointConfig().isCheckpointingEnabled()).isTrue();
    }

    @Test
    void theLocalMiniClusterGetsTheDefaultsAndThePrometheusReporterOnItsPort() {
        RiskJobOptions local = RiskJobOptions.parse(new String[] {"--local", "--metrics-port", "19249", "--web-ui-bind", "10.1.2.3"}, Map.of());
        Configuration conf = RiskJob.configuration(local);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS)).isEqualTo(10);
        assertThat(conf.get(ConfigOptions.key(REPORTER).stringType().noDefaultValue()))
                .isEqualTo("cn.jinhua.risk.jobs.metrics.BoundPrometheusReporterFactory");
        assertThat(conf.get(ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue())).isEqualTo("19249");
        assertThat(conf.get(ConfigOptions.key("metrics.reporter.prom.host").stringType().noDefaultValue()))
                .as("where the web UI listens").isEqualTo("10.1.2.3");
        assertThat(RiskJob.configuration(RiskJobOptions.parse(new String[] {"--local"}, Map.of())).keySet()).doesNotContain(REPORTER);
        assertThat(RiskJobOptions.parse(new String[0], Map.of("RISK_JOB_METRICS_PORT", "9250")).metricsPort()).isEqualTo(9250);
        assertThatThrownBy(() -> RiskJobOptions.parse(new String[] {"--metrics-port", "0"}, Map.of()))
                .hasMessageContaining("--metrics-port must be between 1 and 65535");
    }
}
