package cn.jinhua.risk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.scan.DefaultClassPathResourceLoader;
import org.junit.jupiter.api.Test;

/**
 * The addresses the API uses when no environment variable names them, resolved from
 * application.yml alone. A default holding a colon must be quoted there: unquoted, Micronaut reads
 * the colon as a further fallback and the default loses its scheme or host.
 */
class ConfigurationDefaultsTest {
    @Test
    void theDefaultAddressesAreWholeUrls() {
        PropertySource yml = new YamlPropertySourceLoader()
                .load("application", new DefaultClassPathResourceLoader(getClass().getClassLoader())).orElseThrow();
        PropertySourcePropertyResolver resolver = new PropertySourcePropertyResolver(yml);
        assertThat(resolver.getProperty("risk.elasticsearch.url", String.class)).contains("http://localhost:9200");
        assertThat(resolver.getProperty("risk.telemetry.bootstrap", String.class)).contains("localhost:9092");
    }
}
