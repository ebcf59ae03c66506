package cn.jinhua.risk.control;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.jobs.feed.FeedRouter;
import cn.jinhua.risk.jobs.io.AlertsToJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running job's key counts, summed over subtasks from Flink's REST API: records read per topic
 * ({@link FeedRouter#RECORDS_IN}), dead letters per reason ({@link FeedRouter#DEAD_LETTERS_GROUP})
 * and alerts per rule ({@link AlertsToJson#ALERTS}), since the job (or its last restart) began.
 * Flink's REST API writes a topic's or a rule's dots as underscores; the catalogue's rule ids and
 * the job's topic parameters map them back. Immutable.
 */
record JobFigures(Map<String, Long> recordsIn, Map<String, Long> deadLetters, Map<String, Long> alerts) {
    private static final Pattern RECORDS_IN = Pattern.compile("[^.]+\\." + FeedRouter.TOPIC + "\\.(.+)\\." + FeedRouter.RECORDS_IN);
    private static final Pattern DEAD_LETTERS = Pattern.compile("[^.]+\\." + FeedRouter.DEAD_LETTERS_GROUP + "\\.(.+)");
    private static final Pattern ALERTS = Pattern.compile("[^.]+\\." + AlertsToJson.RULE + "\\.(.+)\\." + AlertsToJson.ALERTS);

    static JobFigures fetch(FlinkRest rest, String jid) throws IOException {
        Map<String, String> names = new HashMap<>();
        RuleCatalogue.packaged().all().forEach(r -> names.put(r.id().replace('.', '_'), r.id()));
        rest.get("/jobs/" + jid + "/config").path("execution-config").path("user-config").properties().forEach(p -> {
            if (p.getKey().startsWith("risk.feed.")) {
                for (String topic : p.getValue().asText().split(",")) {
                    names.put(topic.replace('.', '_'), topic);
                }
            }
        });
        JobFigures figures = new JobFigures(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        for (JsonNode v : rest.get("/jobs/" + jid).path("vertices")) {
            String metrics = "/jobs/" + jid + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
            StringJoiner ids = new StringJoiner(",");
            for (JsonNode m : rest.get(metrics)) {
                String id = m.path("id").asText();
                if (RECORDS_IN.matcher(id).matches() || DEAD_LETTERS.matcher(id).matches() || ALERTS.matcher(id).matches()) {
                    ids.add(id);
                }
            }
            if (ids.length() == 0) {
                continue;
            }
            for (JsonNode m : rest.get(metrics + "?agg=sum&get=" + ids)) {
                figures.add(m.path("id").asText(), Math.round(m.path("sum").asDouble()), names);
            }
        }
        return figures;
    }

    private void add(String id, long count, Map<String, String> names) {
        Matcher x;
        if ((x = RECORDS_IN.matcher(id)).matches()) {
            recordsIn.merge(names.getOrDefault(x.group(1), x.group(1)), count, Long::sum);
        } else if ((x = ALERTS.matcher(id)).matches()) {
            alerts.merge(names.getOrDefault(x.group(1), x.group(1)), count, Long::sum);
        } else if ((x = DEAD_LETTERS.matcher(id)).matches()) {
            deadLetters.merge(x.group(1), count, Long::sum);
        }
    }

    /** Three lines: records in, dead letters and alerts, the counts that are not zero. */
    void print(PrintStream out) {
        out.println("records in    " + line(recordsIn, "none yet"));
        out.println("dead letters  " + line(deadLetters, "none"));
        out.println("alerts        " + line(alerts, "none yet"));
    }

    private static String line(Map<String, Long> counts, String none) {
        StringJoiner j = new StringJoiner(", ");
        counts.forEach((name, n) -> {
            if (n > 0) {
                j.add(name + " " + n);
            }
        });
        return j.length() == 0 ? none : j.toString();
    }
}
