package cn.jinhua.risk.geo.load;

import java.util.List;
import java.util.stream.Collectors;

/** The world could not be loaded; the message lists every problem found, one per line. */
public final class WorldLoadException extends RuntimeException {
    private final List<WorldProblem> problems;

    public WorldLoadException(List<WorldProblem> problems) {
        super(problems.size() + " problem(s) in the world files:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<WorldProblem> problems() {
        return problems;
    }
}
