package cn.jinhua.risk.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link PointInZoneBenchmark} and prints the indexed lookup and the brute-force peer side by
 * side with the speed-up and the targets (≤ 1 µs per indexed lookup, ≥ 30× faster). Pass JMH
 * options such as {@code -f 2 -wi 5 -i 10} to override the defaults; {@code -h} lists them.
 */
public final class GeoBenchmarkTable {
    private GeoBenchmarkTable() {
    }

    public static void main(String[] args) throws RunnerException {
        Options base;
        try {
            base = new org.openjdk.jmh.runner.options.CommandLineOptions(args);
        } catch (org.openjdk.jmh.runner.options.CommandLineOptionException e) {
            System.err.println("bad JMH option: " + e.getMessage());
            System.exit(2);
            return;
        }
        Options opts = new OptionsBuilder().parent(base).include(PointInZoneBenchmark.class.getSimpleName()).build();
        Collection<RunResult> results = new Runner(opts).run();
        double indexed = Double.NaN;
        double brute = Double.NaN;
        double indexedErr = Double.NaN;
        double bruteErr = Double.NaN;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            if (name.endsWith(".indexed")) {
                indexed = score;
                indexedErr = err;
            } else if (name.endsWith(".bruteForce")) {
                brute = score;
                bruteErr = err;
            }
        }
        System.out.println();
        System.out.println("Point-in-zone lookup, 1,000 polygons of 20 vertices (ns per lookup, lower is better)");
        System.out.println("| method                           |      ns/op |   ± error | target        | met |");
        System.out.println("|----------------------------------|-----------:|----------:|---------------|-----|");
        System.out.printf("| geo SpatialIndex (STRtree+loc.)  | %10.1f | %9.1f | ≤ 1,000 ns    | %s |%n",
                indexed, indexedErr, indexed <= 1000 ? "yes" : "NO ");
        System.out.printf("| brute force covers() (peer)      | %10.1f | %9.1f |               |     |%n", brute, bruteErr);
        System.out.printf("| speed-up                         | %9.1f× |           | ≥ 30×         | %s |%n",
                brute / indexed, brute / indexed >= 30 ? "yes" : "NO ");
    }
}
