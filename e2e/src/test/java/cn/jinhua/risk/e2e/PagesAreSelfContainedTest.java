package cn.jinhua.risk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages must work in an offline control room: nothing they load may come from another host
 * (no CDN scripts or styles, no online map tiles), and every local script, style and module they
 * name must exist in the API's static folder or be a bundled WebJar path. Reads the page sources
 * only; no server needed.
 */
class PagesAreSelfContainedTest {
    private static final Path PUBLIC = Path.of(RiskSystem.required("risk.root"), "alert-api/src/main/resources/public");
    // src=, href= and import/from specifiers, in HTML, JS and CSS (url(...)).
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:src|href)\\s*=\\s*\"([^\"]+)\"|\\bfrom\\s+'([^']+)'|\\bimport\\s+'([^']+)'|url\\(\\s*['\"]?([^'\")]+)");
    private static final Pattern REMOTE = Pattern.compile("(?i)^(?:https?:)?//");
    private static final Pattern TILE_URL = Pattern.compile("(?i)tile\\.openstreetmap|\\{z\\}/\\{x\\}/\\{y\\}|L\\.tileLayer");

    @Test
    void pagesLoadNothingFromOtherHosts() throws IOException {
        List<String> remote = new ArrayList<>();
        for (Path file : pageFiles()) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            for (String ref : references(text)) {
                if (REMOTE.matcher(ref).find()) {
                    remote.add(PUBLIC.relativize(file) + ": " + ref);
                }
            }
            if (TILE_URL.matcher(text).find()) {
                remote.add(PUBLIC.relativize(file) + ": an online tile layer");
            }
        }
        assertThat(remote).as("references to other hosts (the pages must run offline)").isEmpty();
    }

    @Test
    void everyLocalReferenceExists() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Path file : pageFiles()) {
            for (String ref : references(Files.readString(file, StandardCharsets.UTF_8))) {
                if (REMOTE.matcher(ref).find() || ref.startsWith("data:") || ref.startsWith("#") || ref.startsWith("geo:")
                        || ref.contains("${") || ref.startsWith("/webjars/") || ref.startsWith("/api/")) {
                    continue;
                }
                String path = ref.split("[?#]", 2)[0];
                Path target = path.startsWith("/") ? PUBLIC.resolve(path.substring(1)) : file.getParent().resolve(path);
                checked++;
                if (!Files.isRegularFile(target.normalize())) {
                    missing.add(PUBLIC.relativize(file) + ": " + ref);
                }
            }
        }
        assertThat(checked).as("local references found in the pages").isGreaterThan(10);
        assertThat(missing).as("local references without a file").isEmpty();
    }

    @Test
    void webJarReferencesMatchTheBundledVersions() throws IOException {
        String pom = Files.readString(PUBLIC.resolve("../../../../pom.xml").normalize(), StandardCharsets.UTF_8);
        List<String> wrong = new ArrayList<>();
        for (Path file : pageFiles()) {
            Matcher m = Pattern.compile("/webjars/([a-z0-9.-]+)/([0-9][^/]*)/").matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                String dep = "<artifactId>" + m.group(1) + "</artifactId>\\s*<version>" + Pattern.quote(m.group(2)) + "</version>";
                if (!Pattern.compile(dep).matcher(pom).find()) {
                    wrong.add(PUBLIC.relativize(file) + ": " + m.group(0) + " is not a dependency of alert-api");
                }
            }
        }
        assertThat(wrong).as("WebJar paths the alert-api pom does not bundle").isEmpty();
    }

    private static List<String> references(String text) {
        List<String> refs = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    refs.add(m.group(g).trim());
                }
            }
        }
        return refs;
    }

    private static List<Path> pageFiles() throws IOException {
        assertThat(PUBLIC).as("the pages' folder").isDirectory();
        try (Stream<Path> walk = Files.walk(PUBLIC)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(html|js|css)$"))
                    .sorted()
                    .toList();
        }
    }
}
