package cn.jinhua.risk.backtest;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.control.ControlCommand;
import cn.jinhua.risk.jobs.RiskJobOptions;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.io.Json;
import cn.jinhua.risk.jobs.rules.ControlChange;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import cn.jinhua.risk.replay.ScenarioFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code backtest [--changes FILE] [--catalogue FILE] [--world DIR] [--json] [--parallelism N] FEED...}:
 * what a change of the rules or the world would have raised over recorded or scenario feeds
 * ({@code docs/rules.md} "Backtest"). Runs the job's topology twice on a MiniCluster in this JVM
 * ({@link Backtest}), with the current rules and world and with the change, and prints the alerts
 * the change adds and removes ({@link AlertDiff}) as a table, or as one JSON object with
 * {@code --json}. No topic and no API is touched.
 *
 * <p>The change: live changes from FILE (one JSON object per line, {@code docs/contract/control.schema.json}),
 * applied before the first record through the job's control input; a changed catalogue, turned
 * into such changes ({@link CatalogueChanges}); another world folder. The current world is
 * {@code RISK_WORLD_DIR}'s, else the packaged seed world.
 *
 * <p>Exit codes: 0 compared (whatever the difference); 2 a bad option or input (file and line
 * named), or a change the job refused (each reason printed); 1 the run itself failed.
 */
public final class BacktestCommand {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final String USAGE = "usage: backtest [--changes FILE] [--catalogue FILE] [--world DIR] [--json]"
            + " [--parallelism N] FEED...";

    private BacktestCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Args a;
        try {
            a = Args.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n" + USAGE);
            return BAD_INPUT;
        }
        if (a.help) {
            out.println(USAGE);
            return OK;
        }
        Input in;
        try {
            in = Input.read(a, env);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        }
        try {
            return compare(a, in, out, err);
        } catch (Backtest.BacktestFailed e) {
            err.println("backtest failed: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("backtest interrupted");
            return FAILED;
        } catch (Exception e) {
            err.println("backtest failed: " + e);
            return FAILED;
        }
    }

    private static int compare(Args a, Input in, PrintStream out, PrintStream err) throws Exception {
        Backtest backtest = new Backtest(in.options);
        // The changed pass first: when the job refuses a change there is nothing to compare.
        Backtest.Pass changed = backtest.run(in.feed, in.changedWorld, in.changes);
        if (changed.refused()) {
            for (JsonNode v : changed.verdicts()) {
                out.println(a.json ? v.toString() : ControlCommand.describe(v));
            }
            err.println("refused changes: nothing was compared (docs/rules.md \"Changing rules live\")");
            return BAD_INPUT;
        }
        err.printf("with the change: %,d records, %,d alerts, %,d dead letters in %.1f s%n", in.feed.records(),
                changed.alerts().size(), changed.deadLetters(), changed.seconds());
        Backtest.Pass current = backtest.run(in.feed, in.currentWorld, List.of());
        err.printf("without it: %,d records, %,d alerts, %,d dead letters in %.1f s%n", in.feed.records(),
                current.alerts().size(), current.deadLetters(), current.seconds());
        AlertDiff diff = AlertDiff.of(current.alerts(), changed.alerts());
        if (a.json) {
            out.println(json(a, in, current, changed, diff));
        } else {
            table(a, in, current, changed, diff, out);
        }
        return OK;
    }

    private static void table(Args a, Input in, Backtest.Pass current, Backtest.Pass changed, AlertDiff diff, PrintStream out) {
        if (!changed.verdicts().isEmpty()) {
            out.println("changes:");
            changed.verdicts().forEach(v -> out.println("  " + ControlCommand.describe(v)));
        }
        if (a.world != null) {
            out.println("world: " + a.world + " instead of " + (in.options.worldDir() == null ? "the packaged seed world"
                    : in.options.worldDir()));
        }
        out.printf("%,d records from %d file%s: %,d alerts with the current rules, %,d with the change (%d unchanged)%n",
                in.feed.records(), in.feed.files().size(), in.feed.files().size() == 1 ? "" : "s",
                current.alerts().size(), changed.alerts().size(), diff.unchanged());
        section(out, "added", diff.added().stream().map(x -> new Alert[] {x}).toList());
        section(out, "removed", diff.removed().stream().map(x -> new Alert[] {x}).toList());
        section(out, "severity changed", diff.severityChanged());
    }

    private static void section(PrintStream out, String title, List<Alert[]> rows) {
        out.println();
        if (rows.isEmpty()) {
            out.println(title + ": none");
            return;
        }
        out.println(title + ": " + rows.size());
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"EVENT TIME", "RULE", "VERSION", "SEVERITY", "SUBJECT", "INCIDENT"});
        for (Alert[] r : rows) {
            Alert last = r[r.length - 1];
            String severity = r.length == 1 ? last.severity().name() : r[0].severity() + " -> " + last.severity();
            String version = r.length == 1 ? String.valueOf(last.ruleVersion()) : r[0].ruleVersion() + " -> " + last.ruleVersion();
            cells.add(new String[] {last.eventTime(), last.ruleId(), version, severity, last.subjectId(), last.incidentKey()});
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < row.length; i++) {
                line.append(' ').append(i == row.length - 1 ? row[i] : String.format("%-" + width[i] + "s ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String json(Args a, Input in, Backtest.Pass current, Backtest.Pass changed, AlertDiff diff) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode feeds = root.putArray("feeds");
        in.feed.files().forEach(feeds::add);
        root.put("records", in.feed.records());
        ArrayNode changes = root.putArray("changes");
        changed.verdicts().forEach(changes::add);
        if (a.world != null) {
            root.put("world", a.world);
        }
        ObjectNode counts = root.putObject("current");
        counts.put("alerts", current.alerts().size());
        counts.put("deadLetters", current.deadLetters());
        counts = root.putObject("changed");
        counts.put("alerts", changed.alerts().size());
        counts.put("deadLetters", changed.deadLetters());
        root.put("unchanged", diff.unchanged());
        ArrayNode added = root.putArray("added");
        diff.added().forEach(x -> added.add(view(x)));
        ArrayNode removed = root.putArray("removed");
        diff.removed().forEach(x -> removed.add(view(x)));
        ArrayNode severity = root.putArray("severityChanged");
        for (Alert[] pair : diff.severityChanged()) {
            ObjectNode p = severity.addObject();
            p.set("before", view(pair[0]));
            p.set("after", view(pair[1]));
        }
        return root.toString();
    }

    /** What identifies an alert and what a person reads first; the whole alert is the job's to show. */
    private static ObjectNode view(Alert x) {
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.put("ruleId", x.ruleId());
        v.put("ruleVersion", x.ruleVersion());
        v.put("worldVersion", x.worldVersion());
        v.put("severity", x.severity().name());
        v.put("subjectId", x.subjectId());
        v.put("incidentKey", x.incidentKey());
        v.put("eventTime", x.eventTime());
        v.put("title", x.title());
        v.put("titleZh", x.titleZh());
        v.put("id", x.id());
        return v;
    }

    /** The command line, checked for form only. */
    static final class Args {
        String changes;
        String catalogue;
        String world;
        boolean json;
        boolean help;
        int parallelism = 2;
        final List<String> feeds = new ArrayList<>();

        static Args parse(String[] args) {
            Args a = new Args();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--changes" -> a.changes = value(args, ++i);
                    case "--catalogue" -> a.catalogue = value(args, ++i);
                    case "--world" -> a.world = value(args, ++i);
                    case "--json" -> a.json = true;
                    case "--parallelism" -> {
                        String v = value(args, ++i);
                        try {
                            a.parallelism = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            a.parallelism = 0;
                        }
                        if (a.parallelism < 1 || a.parallelism > 64) {
                            throw new IllegalArgumentException("--parallelism must be a whole number from 1 to 64, got " + v);
                        }
                    }
                    case "-h", "--help" -> a.help = true;
                    default -> {
                        if (args[i].startsWith("-") && !args[i].equals("-")) {
                            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                        }
                        a.feeds.add(args[i]);
                    }
                }
            }
            if (a.help) {
                return a;
            }
            if (a.feeds.isEmpty()) {
                throw new IllegalArgumentException("no feed: give one or more scenario files (docs/feeds.md)");
            }
            if (a.changes == null && a.catalogue == null && a.world == null) {
                throw new IllegalArgumentException("nothing to compare: give --changes, --catalogue or --world");
            }
            return a;
        }

        private static String value(String[] args, int i) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /** Everything the passes need, read and checked before either runs. */
    static final class Input {
        RiskJobOptions options;
        Backtest.Feed feed;
        List<String> changes;
        WorldSnapshot currentWorld;
        WorldSnapshot changedWorld;

        /** @throws IllegalArgumentException naming the file (and line) and what is wrong */
        static Input read(Args a, Map<String, String> env) {
            Input in = new Input();
            String worldDir = env.get("RISK_WORLD_DIR");
            in.options = RiskJobOptions.parse(new String[] {"--event-clock", "records", "--bounded",
                    "--parallelism", String.valueOf(a.parallelism)},
                    worldDir == null || worldDir.isBlank() ? Map.of() : Map.of("RISK_WORLD_DIR", worldDir));
            in.feed = feed(a.feeds, in.options.topics());
            List<String> changes = new ArrayList<>();
            String by = "backtest:" + System.getProperty("user.name", "unknown");
            String at = IsoTimes.format(System.currentTimeMillis());
            if (a.catalogue != null) {
                Path file = Path.of(a.catalogue);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(a.catalogue + ": no such file");
                }
                changes.addAll(CatalogueChanges.of(file, RuleCatalogue.packaged(), by, at));
            }
            if (a.changes != null) {
                changes.addAll(changes(a.changes));
            }
            Set<String> ids = new HashSet<>();
            for (String c : changes) {
                String id = ControlChange.parse(c).changeId();
                if (!ids.add(id)) {
                    throw new IllegalArgumentException("changeId " + id + " is used twice");
                }
            }
            in.changes = List.copyOf(changes);
            in.currentWorld = world(in.options.worldDir());
            in.changedWorld = a.world == null ? in.currentWorld : world(a.world);
            return in;
        }

        private static Backtest.Feed feed(List<String> files, FeedTopics topics) {
            Set<String> read = Set.copyOf(topics.all());
            int records = 0;
            for (String f : files) {
                List<ScenarioFile.Entry> entries;
                try {
                    entries = ScenarioFile.read(Path.of(f));
                } catch (ScenarioFile.BadFileException e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
                for (ScenarioFile.Entry e : entries) {
                    if (!read.contains(e.topic())) {
                        throw new IllegalArgumentException(f + ":" + e.line() + ": topic " + e.topic()
                                + " is not a feed of the job (" + String.join(", ", topics.all()) + ")");
                    }
                }
                records += entries.size();
            }
            if (records == 0) {
                throw new IllegalArgumentException("the feed files hold no record");
            }
            return new Backtest.Feed(List.copyOf(files), records);
        }

        private static List<String> changes(String file) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(file + ": no such file");
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        ControlChange.parse(line);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage());
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
            }
            if (lines.isEmpty()) {
                throw new IllegalArgumentException(file + ": no change in it (one JSON object per line)");
            }
            return lines;
        }

        private static WorldSnapshot world(String dir) {
            if (dir != null && !Files.isDirectory(Path.of(dir))) {
                throw new IllegalArgumentException("world " + dir + ": not a directory");
            }
            try {
                return WorldSnapshot.load(dir);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("world " + (dir == null ? "(packaged)" : dir) + ": " + e.getMessage());
            }
        }
    }
}
