package cn.jinhua.risk.api.query;

import cn.jinhua.risk.api.error.ApiException;
import java.util.List;

/**
 * The {@code sort} parameter of a list: a field name for ascending order, {@code -field} for
 * descending. Immutable.
 *
 * @param field one of the list's sortable fields
 * @param descending largest first
 */
public record Sorting(String field, boolean descending) {
    /** {@code value} parsed against the sortable fields; {@code otherwise} when null or blank; 400 naming them else. */
    public static Sorting parse(String value, List<String> fields, Sorting otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        String v = value.strip();
        boolean desc = v.startsWith("-");
        String field = desc ? v.substring(1) : v;
        if (!fields.contains(field)) {
            throw ApiException.badRequest("sort: unknown field \"" + field + "\" (expected one of " + fields
                    + ", with a leading - for descending)");
        }
        return new Sorting(field, desc);
    }
}
