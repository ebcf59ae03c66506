package cn.jinhua.risk.docker;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Flink's own options, by key, from the option classes of the Flink the image runs: a cluster
 * configuration that the deployment files hand to Flink is checked against them, so that a
 * misspelt key (which Flink would silently ignore) or a value Flink cannot parse fails the build.
 */
final class FlinkConfigurationKeys {
    private static final List<Class<?>> OPTION_CLASSES = List.of(CheckpointingOptions.class, CoreOptions.class,
            HighAvailabilityOptions.class, JobManagerOptions.class, RestartStrategyOptions.class, StateBackendOptions.class,
            TaskManagerOptions.class, MetricOptions.class);
    private static final Map<String, ConfigOption<?>> BY_KEY = byKey();

    private FlinkConfigurationKeys() {
    }

    /**
     * The problems of a cluster configuration: keys that are no Flink option (metric reporters'
     * own keys, {@code metrics.reporter.<name>.*}, excepted) and values Flink cannot parse.
     */
    static List<String> problems(Map<String, String> flinkConfiguration) {
        Configuration conf = Configuration.fromMap(flinkConfiguration);
        return flinkConfiguration.keySet().stream().sorted().<String>mapMulti((key, out) -> {
            if (key.startsWith("metrics.reporter.")) {
                return;
            }
            ConfigOption<?> option = BY_KEY.get(key);
            if (option == null) {
                out.accept(key + ": no such Flink option");
                return;
            }
            try {
                conf.get(option);
            } catch (RuntimeException e) {
                out.accept(key + ": " + e.getMessage());
            }
        }).toList();
    }

    static Configuration parse(Map<String, String> flinkConfiguration) {
        return Configuration.fromMap(flinkConfiguration);
    }

    private static Map<String, ConfigOption<?>> byKey() {
        Map<String, ConfigOption<?>> options = new HashMap<>();
        for (Class<?> c : OPTION_CLASSES) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    try {
                        ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                        options.put(o.key(), o);
                        for (FallbackKey k : o.fallbackKeys()) {
                            options.putIfAbsent(k.getKey(), o);
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return options;
    }
}
