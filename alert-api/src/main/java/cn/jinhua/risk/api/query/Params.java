package cn.jinhua.risk.api.query;

import cn.jinhua.risk.api.error.ApiException;
import java.util.Arrays;
import java.util.List;

/** Validation of enumerated query parameters; every refusal names the parameter and what it accepts. */
public final class Params {
    private Params() {
    }

    /** {@code value} when it is one of {@code allowed}; null when null or blank; 400 otherwise. */
    public static String oneOf(String name, String value, List<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (allowed.contains(value)) {
            return value;
        }
        throw ApiException.badRequest(name + ": unknown value \"" + value + "\" (expected one of " + allowed + ")");
    }

    /** Like {@link #oneOf(String, String, List)} with the constants' names. */
    public static String oneOf(String name, String value, Enum<?>[] allowed) {
        return oneOf(name, value, Arrays.stream(allowed).map(Enum::name).toList());
    }
}
