package cn.jinhua.risk.backtest;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.alert.Alert;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts a change adds and removes: the alerts of a pass with the change against those of a
 * pass without it, matched by what they are about (rule, subject, incident key, event time), not
 * by alert id, which includes the rule's and the world's versions. Alerts are a multiset: two
 * alerts with the same key match two. A matched pair whose severity differs is a severity change.
 * Immutable.
 *
 * @param added alerts only the changed pass raised, in event-time order (ties: rule, subject)
 * @param removed alerts only the pass without the change raised, likewise
 * @param severityChanged matched pairs whose severity differs, {@code [before, after]}
 * @param unchanged how many alerts both passes raised alike
 */
record AlertDiff(List<Alert> added, List<Alert> removed, List<Alert[]> severityChanged, int unchanged) {
    static final Comparator<Alert> ORDER = Comparator.comparingLong((Alert a) -> IsoTimes.parseMillis(a.eventTime()))
            .thenComparing(Alert::ruleId).thenComparing(Alert::subjectId).thenComparing(a -> a.severity().name());

    /** What an alert is about; event times compare as instants, whatever their offset. */
    record Key(String ruleId, String subjectId, String incidentKey, long eventTimeMillis) {
        static Key of(Alert a) {
            return new Key(a.ruleId(), a.subjectId(), a.incidentKey(), IsoTimes.parseMillis(a.eventTime()));
        }
    }

    static AlertDiff of(List<Alert> before, List<Alert> after) {
        Map<Key, Deque<Alert>> open = new LinkedHashMap<>();
        for (Alert a : before.stream().sorted(ORDER).toList()) {
            open.computeIfAbsent(Key.of(a), k -> new ArrayDeque<>()).add(a);
        }
        List<Alert> added = new ArrayList<>();
        List<Alert> unmatchedSeverity = new ArrayList<>();
        int unchanged = 0;
        // Same key and severity first, so that a severity change is only what is left over.
        for (Alert a : after.stream().sorted(ORDER).toList()) {
            Deque<Alert> same = open.get(Key.of(a));
            if (same != null && same.removeIf(new OneWithSeverity(a))) {
                unchanged++;
            } else {
                unmatchedSeverity.add(a);
            }
        }
        List<Alert[]> severityChanged = new ArrayList<>();
        for (Alert a : unmatchedSeverity) {
            Deque<Alert> same = open.get(Key.of(a));
            if (same != null && !same.isEmpty()) {
                severityChanged.add(new Alert[] {same.poll(), a});
            } else {
                added.add(a);
            }
        }
        List<Alert> removed = new ArrayList<>();
        open.values().forEach(removed::addAll);
        removed.sort(ORDER);
        return new AlertDiff(List.copyOf(added), List.copyOf(removed), List.copyOf(severityChanged), unchanged);
    }

    /** Matches the first alert of the given alert's severity, once. */
    private static final class OneWithSeverity implements java.util.function.Predicate<Alert> {
        private final Alert like;
        private boolean matched;

        OneWithSeverity(Alert like) {
            this.like = like;
        }

        @Override
        public boolean test(Alert candidate) {
            if (matched || candidate.severity() != like.severity()) {
                return false;
            }
            matched = true;
            return true;
        }
    }

    boolean empty() {
        return added.isEmpty() && removed.isEmpty() && severityChanged.isEmpty();
    }
}
