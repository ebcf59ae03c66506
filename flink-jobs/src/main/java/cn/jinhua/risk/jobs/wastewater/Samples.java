package cn.jinhua.risk.jobs.wastewater;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of readings of one sensor, oldest first (a trend window, consecutive exceedances). A POJO
 * wrapper rather than a bare {@code List<Sample>} inside {@link ParkState}'s maps: Flink gives a
 * list nested in a map no serializer of its own and falls back to Kryo, whose state cannot evolve
 * between builds; as a POJO field it is a list serializer with a versioned snapshot. Not thread-safe.
 */
public class Samples implements Serializable {
    private static final long serialVersionUID = 1L;

    public List<Sample> items = new ArrayList<>();

    public Samples() {
    }
}
