package cn.jinhua.risk.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule catalogue ({@code docs/contract/rules.json}, described in {@code docs/rules.md}): every
 * rule's stable id, version, scenario, the severities it raises and its names in Chinese and
 * English. The job stamps ids and versions from it; the API names rules from it (CAP, pages).
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class RuleCatalogue {
    /** Where the catalogue sits on the classpath (the contract jar). */
    public static final String RESOURCE = "contract/rules.json";
    private static final Set<String> SCENARIOS = Set.of("LOST_PERSON", "WASTEWATER");

    /**
     * One rule.
     *
     * @param id stable id, e.g. {@code plating.pool-high}
     * @param version the rule's version, carried by every alert it raises
     * @param scenario LOST_PERSON or WASTEWATER
     * @param severities the severities it may raise, lowest first
     * @param nameZh Chinese name
     * @param nameEn English name
     */
    public record Rule(String id, int version, String scenario, List<Severity> severities, String nameZh,
                       String nameEn) {
    }

    private record File(List<Rule> rules) {
    }

    private static final RuleCatalogue PACKAGED = load();

    private final Map<String, Rule> byId;

    private RuleCatalogue(Map<String, Rule> byId) {
        this.byId = byId;
    }

    /** The catalogue packaged with this build. */
    public static RuleCatalogue packaged() {
        return PACKAGED;
    }

    private static RuleCatalogue load() {
        try (InputStream in = RuleCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            File f = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, File.class);
            Map<String, Rule> byId = new LinkedHashMap<>();
            for (Rule r : f.rules()) {
                check(r);
                if (byId.put(r.id(), r) != null) {
                    throw new IllegalStateException(RESOURCE + ": rule " + r.id() + " is listed twice");
                }
            }
            return new RuleCatalogue(Map.copyOf(byId));
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void check(Rule r) {
        String where = RESOURCE + ": rule " + r.id();
        if (r.id() == null || !r.id().matches("[a-z]+\\.[a-z-]+")) {
            throw new IllegalStateException(where + ": id must look like scenario-prefix.rule-name");
        }
        if (r.version() < 1) {
            throw new IllegalStateException(where + ": version must be >= 1");
        }
        if (!SCENARIOS.contains(r.scenario())) {
            throw new IllegalStateException(where + ": scenario must be one of " + SCENARIOS);
        }
        if (r.severities() == null || r.severities().isEmpty()) {
            throw new IllegalStateException(where + ": severities must not be empty");
        }
        if (r.nameZh() == null || r.nameEn() == null) {
            throw new IllegalStateException(where + ": nameZh and nameEn are required");
        }
    }

    /** Every rule, in id order. */
    public List<Rule> all() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(Rule::id)).toList();
    }

    public Optional<Rule> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** @throws IllegalArgumentException when no rule has this id */
    public Rule require(String id) {
        Rule r = byId.get(id);
        if (r == null) {
            throw new IllegalArgumentException("no rule " + id + " in " + RESOURCE);
        }
        return r;
    }
}
