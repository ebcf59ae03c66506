package cn.jinhua.risk.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shortens an alert that is larger than the alert API takes ({@code risk.ingest.max-alert-bytes},
 * 256 KB by default), instead of losing it: the texts inside its evidence values (a call's text,
 * its caller id, anything a record carried) are cut to one common length, each cut text ending in
 * {@code …(N chars)} with its original length, and one more evidence entry says so
 * ({@code docs/alerts.md} "Trimmed alerts"):
 * <pre>{"topic": null, "key": "trimmed", "ts": null,
 *  "value": {"originalBytes": 300512, "maxBytes": 262144, "note": "..."}}</pre>
 * Only when cutting every text to nothing is not enough are evidence entries dropped, last first,
 * and the texts of those kept cut to 64 characters.
 * Everything outside the evidence (ids, times, location, titles, recommendation) is kept as it
 * was. Stateless and thread-safe.
 */
public final class AlertTrimmer {
    /** The key of the evidence entry that marks a trimmed alert. */
    public static final String MARK = "trimmed";
    /** A text this class cut before: what was kept, and the original length. */
    private static final Pattern CUT = Pattern.compile("(?s)(.*)…\\((\\d{1,9}) chars\\)");
    /** What is kept of each text when entries have to be dropped as well. */
    private static final int QUOTE = 64;
    private static final String NOTE = "evidence shortened to fit the alert API's limit; the full records are on their"
            + " feed topics";

    private AlertTrimmer() {
    }

    /**
     * The alert within {@code maxBytes}, trimmed as the class says, or the same array when it fits.
     * An alert that cannot be brought within the limit (its fields outside the evidence alone are
     * larger) comes back trimmed as far as it goes.
     *
     * @param json one alert as UTF-8 JSON
     */
    public static byte[] trim(byte[] json, int maxBytes) {
        if (json.length <= maxBytes) {
            return json;
        }
        ObjectNode alert;
        try {
            alert = (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not an alert object: " + e.getMessage(), e);
        }
        JsonNode evidence = alert.get("evidence");
        List<JsonNode> items = new ArrayList<>();
        int originalBytes = json.length;
        if (evidence != null && evidence.isArray()) {
            for (JsonNode item : evidence) {
                if (isMark(item)) {
                    // Trimmed before (the API's limit is lower than the job was told): say the first size.
                    originalBytes = item.path("value").path("originalBytes").asInt(originalBytes);
                } else {
                    items.add(item);
                }
            }
        }
        int longest = 0;
        for (JsonNode item : items) {
            longest = Math.max(longest, longestText(item.get("value")));
        }
        // The longest cap at which every text fits: the size shrinks as the cap does.
        byte[] best = null;
        int lo = 0;
        int hi = longest;
        while (lo <= hi) {
            int cap = (lo + hi) >>> 1;
            byte[] out = withEvidence(alert, capped(items, cap, items.size()), originalBytes, maxBytes);
            if (out.length <= maxBytes) {
                best = out;
                lo = cap + 1;
            } else {
                hi = cap - 1;
            }
        }
        if (best != null) {
            return best;
        }
        // The most entries, every text cut to a quote, that fit: the size grows with the entries kept.
        best = withEvidence(alert, List.of(), originalBytes, maxBytes);
        lo = 1;
        hi = items.size() - 1;
        while (lo <= hi) {
            int keep = (lo + hi) >>> 1;
            byte[] out = withEvidence(alert, capped(items, QUOTE, keep), originalBytes, maxBytes);
            if (out.length <= maxBytes) {
                best = out;
                lo = keep + 1;
            } else {
                hi = keep - 1;
            }
        }
        return best;
    }

    /** Whether an alert carries the mark of {@link #trim}. */
    public static boolean isTrimmed(JsonNode alert) {
        JsonNode evidence = alert.get("evidence");
        if (evidence == null || !evidence.isArray()) {
            return false;
        }
        for (JsonNode e : evidence) {
            if (isMark(e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMark(JsonNode item) {
        return MARK.equals(item.path("key").asText(null)) && item.path("topic").isNull();
    }

    private static List<JsonNode> capped(List<JsonNode> items, int cap, int keep) {
        List<JsonNode> out = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            JsonNode item = items.get(i).deepCopy();
            if (item instanceof ObjectNode o && o.has("value")) {
                o.set("value", cap(o.get("value"), cap));
            }
            out.add(item);
        }
        return out;
    }

    private static JsonNode cap(JsonNode node, int cap) {
        if (node.isTextual()) {
            String s = node.asText();
            if (s.length() <= cap) {
                return node;
            }
            int length = s.length();
            Matcher cutBefore = CUT.matcher(s);
            if (cutBefore.matches()) {
                // Cut before: shorten what was kept, and keep saying how long the text was.
                s = cutBefore.group(1);
                length = Integer.parseInt(cutBefore.group(2));
            }
            int cut = Math.min(cap, s.length());
            if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
                cut--;
            }
            return Json.MAPPER.getNodeFactory().textNode(s.substring(0, cut) + "…(" + length + " chars)");
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                o.set(f, cap(o.get(f), cap));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, cap(a.get(i), cap));
            }
            return a;
        }
        return node;
    }

    private static int longestText(JsonNode node) {
        if (node == null) {
            return 0;
        }
        if (node.isTextual()) {
            return node.asText().length();
        }
        int longest = 0;
        for (JsonNode child : node) {
            longest = Math.max(longest, longestText(child));
        }
        return longest;
    }

    private static byte[] withEvidence(ObjectNode alert, List<JsonNode> items, int originalBytes, int maxBytes) {
        ObjectNode copy = alert.deepCopy();
        ArrayNode evidence = copy.putArray("evidence");
        items.forEach(evidence::add);
        ObjectNode mark = evidence.addObject();
        mark.putNull("topic");
        mark.put("key", MARK);
        mark.putNull("ts");
        ObjectNode value = mark.putObject("value");
        value.put("originalBytes", originalBytes);
        value.put("maxBytes", maxBytes);
        value.put("note", NOTE);
        try {
            return Json.MAPPER.writeValueAsBytes(copy);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a trimmed alert: " + e.getMessage(), e);
        }
    }
}
