package cn.jinhua.risk.jobs.wastewater;

import java.io.Serializable;
import java.util.Objects;

/**
 * One sensor reading kept in rule state: event time (epoch ms), the timestamp as sent (for
 * evidence) and the value in the sensor's unit. A mutable POJO so that Flink serializes it with its
 * POJO serializer.
 */
public class Sample implements Serializable {
    private static final long serialVersionUID = 1L;

    private long tsMillis;
    private String ts;
    private double value;

    public Sample() {
    }

    public Sample(long tsMillis, String ts, double value) {
        this.tsMillis = tsMillis;
        this.ts = ts;
        this.value = value;
    }

    public long getTsMillis() {
        return tsMillis;
    }

    public void setTsMillis(long tsMillis) {
        this.tsMillis = tsMillis;
    }

    public String getTs() {
        return ts;
    }

    public void setTs(String ts) {
        this.ts = ts;
    }

    public double getValue() {
        return value;
    }

    public void setValue(double value) {
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && s.tsMillis == tsMillis && Objects.equals(s.ts, ts) && s.value == value;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tsMillis, ts, value);
    }

    @Override
    public String toString() {
        return ts + "=" + value;
    }
}
