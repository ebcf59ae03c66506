package cn.jinhua.risk.bench.jobs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a day of the Wuyi plating park's sensors as a scenario file ({@code docs/feeds.md}
 * "Scenario files and replays"), the load for timing {@code ./risk backtest}: every sensor of the
 * seed world's park (10 pool levels, 10 gate depths, 2 sluice positions, the creek level, 8 water
 * quality sensors, the rain gauge: 32) reports every interval (default 10 s), 276,480 readings a
 * day. Each pool fills with the plant's production water for five hours and is pumped down in
 * the sixth, four times a day, between 30 % and a peak of 70 % to 79 % of its depth (pool {@code i} at
 * 69 + i %): with the seed's pool-high at 80 % nothing is raised, at the rainy season's 75 % the
 * pools that pass it are. Noise of each sensor's resolution; deterministic (fixed seed). Needs
 * only the JDK: {@code java bench/jobs/src/main/java/cn/jinhua/risk/bench/jobs/ParkDayFeed.java FILE}.
 */
public final class ParkDayFeed {
    static final int POOLS = 10;
    static final double DEPTH_M = 4.0;
    static final String[] STATIONS = {"wy-wq-up", "wy-wq-down"};

    private ParkDayFeed() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3 || args[0].startsWith("-")) {
            System.err.println("usage: ParkDayFeed FILE [DATE (default 2026-12-20)] [INTERVAL-SECONDS (default 10)]");
            System.exit(2);
        }
        try {
            LocalDate day = args.length > 1 ? LocalDate.parse(args[1]) : LocalDate.of(2026, 12, 20);
            int interval = args.length > 2 ? Integer.parseInt(args[2]) : 10;
            if (interval < 1 || interval > 3600) {
                throw new NumberFormatException("the interval must be 1 to 3600 seconds");
            }
            long n = write(Path.of(args[0]), day, interval);
            System.out.printf("%s: %,d readings%n", args[0], n);
        } catch (DateTimeParseException | NumberFormatException e) {
            System.err.println("ParkDayFeed: " + e.getMessage());
            System.exit(2);
        } catch (UncheckedIOException e) {
            System.err.println("ParkDayFeed: cannot write " + args[0] + ": " + e.getCause().getMessage());
            System.exit(1);
        }
    }

    /** Writes the day; returns the number of readings. */
    static long write(Path file, LocalDate day, int intervalSeconds) {
        SplittableRandom noise = new SplittableRandom(20261220);
        OffsetDateTime t0 = day.atStartOfDay().atOffset(ZoneOffset.ofHours(8));
        long count = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int s = 0; s < 86_400; s += intervalSeconds) {
                String ts = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t0.plusSeconds(s));
                double hours = s / 3600.0;
                for (int i = 1; i <= POOLS; i++) {
                    String pool = String.format(Locale.ROOT, "wy-e%02d", i);
                    count += line(out, pool + "-pool-level", ts, poolLevel(i, hours) + n(noise, 0.01), "M", 3);
                    count += line(out, pool + "-gate-depth", ts, Math.max(0, 0.3 + n(noise, 0.2)), "CM", 1);
                }
                count += line(out, "wy-sluice-up-pos", ts, Math.min(100, 100 + n(noise, 0.3)), "PCT_OPEN", 1);
                count += line(out, "wy-sluice-down-pos", ts, Math.min(100, 100 + n(noise, 0.3)), "PCT_OPEN", 1);
                count += line(out, "wy-creek-level", ts, 0.90 + n(noise, 0.005), "M", 3);
                for (String st : STATIONS) {
                    count += line(out, st + "-cr6", ts, Math.max(0, 0.010 + n(noise, 0.003)), "MG_PER_L", 3);
                    count += line(out, st + "-ni", ts, Math.max(0, 0.005 + n(noise, 0.001)), "MG_PER_L", 4);
                    count += line(out, st + "-cu", ts, Math.max(0, 0.05 + n(noise, 0.01)), "MG_PER_L", 3);
                    count += line(out, st + "-ph", ts, 7.3 + n(noise, 0.1), "PH", 2);
                }
                count += line(out, "wy-rain", ts, Math.max(0, n(noise, 0.3)), "MM_PER_H", 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    /**
     * Pool {@code i}'s level: from 30 % (below the readiness limit of 33 %) up to its peak (69 + i %) over five hours, pumped back down
     * in the sixth; the pools' cycles start a quarter hour apart.
     */
    static double poolLevel(int i, double hours) {
        double phase = ((hours + i * 0.25) % 6.0 + 6.0) % 6.0;
        double low = 0.30;
        double peak = (69 + i) / 100.0;
        double fill = phase < 5 ? low + (peak - low) * phase / 5 : peak - (peak - low) * (phase - 5);
        return fill * DEPTH_M;
    }

    private static double n(SplittableRandom r, double amplitude) {
        return (r.nextDouble() * 2 - 1) * amplitude;
    }

    private static int line(BufferedWriter out, String sensor, String ts, double value, String unit, int decimals)
            throws IOException {
        out.write("{\"topic\":\"risk.sensors\",\"value\":{\"sensorId\":\"" + sensor + "\",\"ts\":\"" + ts + "\",\"value\":"
                + String.format(Locale.ROOT, "%." + decimals + "f", value) + ",\"unit\":\"" + unit + "\"}}\n");
        return 1;
    }
}
