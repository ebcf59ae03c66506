package cn.jinhua.risk.api.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of RELIABILITY.md, printed as a line of the test output: {@code ./risk drill} collects the
 * lines that start with {@value #MARK} and rewrites the tables from them. Fields are separated by
 * tabs: the section, the case, the command that reproduces it, then {@code key=value} figures.
 */
public final class Figures {
    public static final String MARK = "RELIABILITY";
    public static final String COMMAND_PREFIX = "mvn -B -pl alert-api -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=";

    private Figures() {
    }

    /** Prints the row; {@code figures} are written in their order (use a LinkedHashMap or Map.of for one). */
    public static void report(String section, String name, String command, Map<String, ?> figures) {
        StringBuilder b = new StringBuilder(MARK).append('\t').append(clean(section)).append('\t').append(clean(name))
                .append('\t').append(clean(command));
        figures.forEach((k, v) -> b.append('\t').append(clean(k)).append('=').append(clean(String.valueOf(v))));
        System.out.println(b);
    }

    /** Figures in the order given: {@code of("tried", 10000, "refused", 10000)}. */
    public static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            m.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return m;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
