package cn.jinhua.risk.api.query;

import cn.jinhua.risk.api.error.ApiException;

/**
 * Paging parameters: {@code from}/{@code size}, or {@code page} (1-based) with {@code size}.
 * Elasticsearch pages up to 10,000 results deep.
 */
public record Paging(int from, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;
    private static final int MAX_WINDOW = 10_000;

    public static Paging parse(String from, String size, String page) {
        int s = size == null ? DEFAULT_SIZE : parseInt("size", size, 1, MAX_SIZE);
        int f;
        if (page != null) {
            if (from != null) {
                throw ApiException.badRequest("from and page: give one of them, not both");
            }
            f = (parseInt("page", page, 1, MAX_WINDOW) - 1) * s;
        } else {
            f = from == null ? 0 : parseInt("from", from, 0, MAX_WINDOW);
        }
        if (f + s > MAX_WINDOW) {
            throw ApiException.badRequest("from + size must be at most " + MAX_WINDOW + "; narrow the filters");
        }
        return new Paging(f, s);
    }

    public static int parseInt(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw ApiException.badRequest(name + ": must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": expected an integer, got \"" + value + "\"");
        }
    }
}
