package cn.jinhua.risk.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule catalogue ({@code docs/contract/rules.json}, described in {@code docs/rules.md}): every
 * rule's stable id, version, scenario, the severities it raises, its names in Chinese and English,
 * its parameters with units, bounds and defaults, and for a pattern in time its EPL. The job takes
 * ids, versions, parameter defaults and EPL from it and checks live changes against it; the API
 * names rules from it (CAP, pages).
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class RuleCatalogue {
    /** Where the catalogue sits on the classpath (the contract jar). */
    public static final String RESOURCE = "contract/rules.json";
    private static final Set<String> SCENARIOS = Set.of("LOST_PERSON", "WASTEWATER");

    /** Parameter types: a finite number, a whole number, or a non-empty list of non-blank texts. */
    public static final Set<String> TYPES = Set.of("number", "integer", "text-list");

    /**
     * One parameter of a rule.
     *
     * @param name the parameter's name, unique within its rule (e.g. {@code stillMinutes})
     * @param type {@code number}, {@code integer} or {@code text-list}
     * @param unit what the number counts (m, min, %, fixes), null for texts
     * @param min smallest value allowed (numbers)
     * @param max largest value allowed (numbers)
     * @param defaultValue the value when nothing changed it; null only for an optional parameter
     * @param optional whether the parameter may be unset (null), the rule then reads the world
     * @param description what it sets, in English
     */
    public record Parameter(String name, String type, String unit, Double min, Double max,
                            @JsonProperty("default") Object defaultValue, boolean optional, String description) {

        /**
         * Checks a value given for this parameter (as Jackson reads JSON: a number, a list of
         * strings, or null) and returns it in its one form: a {@code Double}, an {@code Integer},
         * an unmodifiable {@code List<String>}, or null.
         *
         * @throws IllegalArgumentException naming the parameter, the value and the rule broken
         */
        public Object check(Object value) {
            if (value == null) {
                if (optional) {
                    return null;
                }
                throw new IllegalArgumentException(name + " must be set");
            }
            return switch (type) {
                case "text-list" -> texts(value);
                case "integer" -> {
                    double d = number(value);
                    if (d != Math.rint(d)) {
                        throw new IllegalArgumentException(name + " must be a whole number, got " + value);
                    }
                    yield (int) d;
                }
                default -> number(value);
            };
        }

        private double number(Object value) {
            if (!(value instanceof Number n)) {
                throw new IllegalArgumentException(name + " must be a number, got " + describe(value));
            }
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(name + " must be a finite number, got " + value);
            }
            if ((min != null && d < min) || (max != null && d > max)) {
                throw new IllegalArgumentException(name + " must be within " + plain(min) + ".." + plain(max)
                        + (unit == null ? "" : " " + unit) + ", got " + value);
            }
            return d;
        }

        private List<String> texts(Object value) {
            if (!(value instanceof List<?> list) || list.isEmpty()) {
                throw new IllegalArgumentException(name + " must be a non-empty list of texts, got " + describe(value));
            }
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof String t) || t.isBlank()) {
                    throw new IllegalArgumentException(name + " must hold non-blank texts only, got " + describe(o));
                }
                out.add(t);
            }
            return List.copyOf(out);
        }

        private static String describe(Object value) {
            return value instanceof String t ? "the text \"" + t + "\"" : String.valueOf(value);
        }

        private static String plain(Double d) {
            return d == null ? "" : d == Math.rint(d) ? String.valueOf(d.longValue()) : d.toString();
        }
    }

    /**
     * One rule.
     *
     * @param id stable id, e.g. {@code plating.pool-high}
     * @param version the rule's version in this catalogue, carried by every alert it raises (a live
     *     change makes the next versions, see {@code docs/rules.md} "Changing rules live")
     * @param scenario LOST_PERSON or WASTEWATER
     * @param severities the severities it may raise, lowest first
     * @param nameZh Chinese name
     * @param nameEn English name
     * @param parameters its parameters, in catalogue order
     * @param epl the EPL module of a pattern in time, null for a rule decided in Java
     */
    public record Rule(String id, int version, String scenario, List<Severity> severities, String nameZh,
                       String nameEn, List<Parameter> parameters, String epl) {
        public Rule {
            parameters = parameters == null ? List.of() : List.copyOf(parameters);
        }

        public Optional<Parameter> parameter(String name) {
            return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
        }

        /** The default of every parameter, by name, in catalogue order (values as {@link Parameter#check} returns them). */
        public Map<String, Object> defaults() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Parameter p : parameters) {
                out.put(p.name(), p.check(p.defaultValue()));
            }
            return Collections.unmodifiableMap(out);
        }

        /**
         * {@code current} with {@code changes} applied, each checked against its parameter.
         *
         * @throws IllegalArgumentException naming the first parameter that is unknown or whose value is refused
         */
        public Map<String, Object> with(Map<String, Object> current, Map<String, ?> changes) {
            Map<String, Object> out = new LinkedHashMap<>(current);
            for (Map.Entry<String, ?> e : changes.entrySet()) {
                Parameter p = parameter(e.getKey()).orElseThrow(() -> new IllegalArgumentException("rule " + id
                        + " has no parameter " + e.getKey() + " (it has: "
                        + String.join(", ", parameters.stream().map(Parameter::name).toList()) + ")"));
                out.put(p.name(), p.check(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    private record Entry(String id, int version, String scenario, List<Severity> severities, String nameZh,
                         String nameEn, List<Parameter> parameters, List<String> epl) {
        Rule rule() {
            return new Rule(id, version, scenario, severities, nameZh, nameEn, parameters,
                    epl == null ? null : String.join("\n", epl));
        }
    }

    private record File(List<Entry> rules) {
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
            for (Entry e : f.rules()) {
                Rule r = e.rule();
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
        Set<String> names = new HashSet<>();
        for (Parameter p : r.parameters()) {
            if (p.name() == null || !p.name().matches("[a-z][A-Za-z]*") || !names.add(p.name())) {
                throw new IllegalStateException(where + ": parameter names must be unique camelCase words, got " + p.name());
            }
            if (!TYPES.contains(p.type())) {
                throw new IllegalStateException(where + ": parameter " + p.name() + " has type " + p.type()
                        + ", not one of " + TYPES);
            }
            if (!"text-list".equals(p.type()) && (p.min() == null || p.max() == null || p.min() > p.max() || p.unit() == null)) {
                throw new IllegalStateException(where + ": parameter " + p.name() + " needs a unit and min <= max");
            }
            if (p.description() == null || p.description().isBlank()) {
                throw new IllegalStateException(where + ": parameter " + p.name() + " needs a description");
            }
            try {
                p.check(p.defaultValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": the default of " + e.getMessage(), e);
            }
        }
        if (r.epl() != null && r.epl().isBlank()) {
            throw new IllegalStateException(where + ": epl, when present, must not be empty");
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
