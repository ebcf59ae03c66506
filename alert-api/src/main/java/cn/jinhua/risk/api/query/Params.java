package cn.jinhua.risk.api.query;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.contract.IsoTimes;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Validation of query parameters (enumerations, times, places); every refusal names the parameter and what it accepts. */
public final class Params {
    /** A number in {@code near}: a sign, digits with a decimal point, an exponent (no hexadecimal, no NaN). */
    private static final String NUMBER = "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?";
    private static final Pattern NEAR_NUMBER = Pattern.compile(NUMBER);
    /**
     * What {@link #near} accepts, as the OpenAPI spec publishes it: three numbers separated by commas,
     * spaces allowed around each ({@code near=29.05, 119.82, 5e3}).
     */
    public static final String NEAR_PATTERN = "^ *" + NUMBER + " *, *" + NUMBER + " *, *" + NUMBER + " *$";

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

    /** {@code true} or {@code false}; false when null or blank; 400 naming the parameter otherwise. */
    public static boolean bool(String name, String value) {
        if (value == null || value.isBlank() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest(name + ": expected true or false, got \"" + value + "\"");
    }

    /** An ISO-8601 time with offset; null when null or blank; 400 naming the parameter otherwise. */
    public static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return IsoTimes.parseInstant(value.strip());
        } catch (DateTimeException e) {
            throw ApiException.badRequest(name + ": expected an ISO-8601 time with offset (e.g. 2026-12-29T16:05:00+08:00), got \""
                    + value + "\"");
        }
    }

    /** {@code lat,lon,radiusM} (0 < radiusM ≤ 1,000,000); null when null or blank; 400 naming what is wrong otherwise. */
    public static double[] near(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split(",", -1);
        if (parts.length != 3) {
            throw ApiException.badRequest("near: expected lat,lon,radiusM, got \"" + value + "\"");
        }
        double[] out = new double[3];
        String[] names = {"latitude", "longitude", "radiusM"};
        for (int i = 0; i < 3; i++) {
            String part = withoutSpaces(parts[i]);
            // Double.parseDouble also takes "0x1p3", "5d" and "NaN", which the spec's pattern does not.
            if (!NEAR_NUMBER.matcher(part).matches()) {
                throw ApiException.badRequest("near: " + names[i] + " \"" + part + "\" is not a number");
            }
            out[i] = Double.parseDouble(part);
        }
        if (!(out[0] >= -90 && out[0] <= 90)) {
            throw ApiException.badRequest("near: latitude must be within -90..90, got " + out[0]);
        }
        if (!(out[1] >= -180 && out[1] <= 180)) {
            throw ApiException.badRequest("near: longitude must be within -180..180, got " + out[1]);
        }
        if (!(out[2] > 0 && out[2] <= 1_000_000)) {
            throw ApiException.badRequest("near: radiusM must be within (0, 1000000], got " + out[2]);
        }
        return out;
    }

    /** Without the spaces around it: {@link #NEAR_PATTERN} allows spaces and no other blank. */
    private static String withoutSpaces(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        return s.substring(from, to);
    }

    /** Like {@link #oneOf(String, String, List)} with the constants' names. */
    public static String oneOf(String name, String value, Enum<?>[] allowed) {
        return oneOf(name, value, Arrays.stream(allowed).map(Enum::name).toList());
    }
}
