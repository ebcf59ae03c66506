package cn.jinhua.risk.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks caller numbers for everyone but the command centre: any value of a field named
 * {@code callerId}, and any phone-number-looking text: Chinese mobile numbers with an optional +86,
 * and landlines with an area code, with or without a hyphen, a space or parentheses
 * ({@code 0579-82345678}, {@code 057982345678}, {@code (0579) 8234 5678}). Full-width digits, plus
 * signs, hyphens, parentheses and the ideographic space count as their ASCII forms. The first three
 * and last four digits are kept: {@code 13812345678 → 138****5678}. Dates and times do not look
 * like phone numbers to it. Stateless and thread-safe.
 */
public final class CallerNumberMasker {
    /** The rule, applied to the text with its full-width characters read as ASCII ({@link #normalize}). */
    static final Pattern PHONE = Pattern.compile(
            "(?<![0-9])(?:\\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])"
                    + "|(?<![0-9:.])(?:\\(0[0-9]{2,3}\\) ?|0[0-9]{2,3}[- ]?)[0-9]{3,4}[- ]?[0-9]{4}(?![0-9])");

    private CallerNumberMasker() {
    }

    /** Masks phone numbers inside free text. */
    public static String maskText(String text) {
        if (text == null) {
            return null;
        }
        String normalized = normalize(text);
        Matcher m = PHONE.matcher(normalized).useTransparentBounds(true).useAnchoringBounds(false);
        StringBuilder out = null;
        int copied = 0;
        int i = nextCandidate(normalized, 0);
        while (i < normalized.length()) {
            m.region(i, normalized.length());
            if (m.lookingAt()) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, i).append(maskNumber(m.group()));
                copied = m.end();
                i = nextCandidate(normalized, m.end());
            } else {
                i = nextCandidate(normalized, i + 1);
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * The text with full-width digits, plus, hyphens, parentheses and spaces as ASCII, char for
     * char, so that positions in it are positions in the text. The text itself when it has none.
     */
    static String normalize(String text) {
        char[] out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char a = ascii(c);
            if (a != c) {
                if (out == null) {
                    out = text.toCharArray();
                }
                out[i] = a;
            }
        }
        return out == null ? text : new String(out);
    }

    private static char ascii(char c) {
        if (c >= '\uFF10' && c <= '\uFF19') {
            return (char) ('0' + (c - '\uFF10'));
        }
        return switch (c) {
            case '\uFF0B' -> '+';
            case '\uFF0D', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\uFE63' -> '-';
            case '\uFF08' -> '(';
            case '\uFF09' -> ')';
            case '\u3000', '\u00A0' -> ' ';
            default -> c;
        };
    }

    /**
     * The first index from {@code from} where a number can start: every match of the pattern
     * begins with a digit, '+' or '('. Trying the pattern only there, in order, finds the same
     * matches as {@link Matcher#find()} (leftmost first, then after each match), while the long
     * stretches of words between numbers cost one comparison per character instead of a regex
     * attempt; its look-behinds still see the text before, through transparent bounds.
     */
    private static int nextCandidate(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= '0' && c <= '9') || c == '+' || c == '(') {
                return i;
            }
        }
        return text.length();
    }

    /** Masks one number: first three and last four characters kept, the rest starred. */
    public static String maskNumber(String number) {
        String digits = normalize(number).replaceAll("[^0-9+]", "");
        if (digits.length() <= 7) {
            return "*".repeat(Math.max(0, digits.length() - 2)) + digits.substring(Math.max(0, digits.length() - 2));
        }
        return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
    }

    /** A masked copy of an evidence value: strings masked as text, any {@code callerId} field as a number. */
    public static JsonNode maskValue(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return TextNode.valueOf(maskText(value.textValue()));
        }
        if (value.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            value.properties().forEach(e -> out.set(e.getKey(), "callerId".equals(e.getKey()) && !e.getValue().isNull()
                    ? TextNode.valueOf(maskNumber(e.getValue().asText())) : maskValue(e.getValue())));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(value.size());
            value.forEach(v -> out.add(maskValue(v)));
            return out;
        }
        return value;
    }

    /** Masks, in place, the named text fields of an object (the live stream's event data). */
    public static void maskFields(ObjectNode object, Collection<String> fields) {
        for (String f : fields) {
            JsonNode v = object.get(f);
            if (v != null && v.isTextual()) {
                object.put(f, maskText(v.textValue()));
            }
        }
    }
}
