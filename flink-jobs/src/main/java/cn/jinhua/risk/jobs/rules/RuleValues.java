package cn.jinhua.risk.jobs.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one rule's parameter values, as {@code contract.RuleCatalogue.Rule#defaults()} and
 * {@code Rule#with} return them (checked against the catalogue: a {@code Double}, an
 * {@code Integer}, a {@code List<String>} or null), into the types a rule's {@code Params} record
 * holds. Durations are given in minutes. Stateless.
 */
public final class RuleValues {
    private RuleValues() {
    }

    public static double number(Map<String, Object> values, String name) {
        return ((Number) present(values, name)).doubleValue();
    }

    /** An optional number: null when unset. */
    public static Double optionalNumber(Map<String, Object> values, String name) {
        Object v = values.get(name);
        return v == null ? null : ((Number) v).doubleValue();
    }

    public static int integer(Map<String, Object> values, String name) {
        return ((Number) present(values, name)).intValue();
    }

    public static Duration minutes(Map<String, Object> values, String name) {
        return Duration.ofMillis(Math.round(number(values, name) * 60_000));
    }

    @SuppressWarnings("unchecked")
    public static List<String> texts(Map<String, Object> values, String name) {
        return (List<String>) present(values, name);
    }

    /** A duration as the catalogue gives it, in minutes. */
    public static double inMinutes(Duration d) {
        return d.toMillis() / 60_000.0;
    }

    /** Name-value pairs, in the order given, as a map that may hold null (an unset optional parameter). */
    public static Map<String, Object> map(Object... nameValuePairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            out.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object present(Map<String, Object> values, String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " must be set");
        }
        return v;
    }
}
