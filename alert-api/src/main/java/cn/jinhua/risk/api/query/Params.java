package cn.jinhua.risk.api.query;

import cn.jinhua.risk.api.error.ApiException;
import cn.jinhua.risk.contract.IsoTimes;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Validation of query parameters (enumerations, times, places); every refusal names the parameter and what it accepts. */
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
        String[] parts = value.split(",");
        if (parts.length != 3) {
            throw ApiException.badRequest("near: expected lat,lon,radiusM, got \"" + value + "\"");
        }
        double[] out = new double[3];
        String[] names = {"latitude", "longitude", "radiusM"};
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("near: " + names[i] + " \"" + parts[i].strip() + "\" is not a number");
            }
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

    /** Like {@link #oneOf(String, String, List)} with the constants' names. */
    public static String oneOf(String name, String value, Enum<?>[] allowed) {
        return oneOf(name, value, Arrays.stream(allowed).map(Enum::name).toList());
    }
}
