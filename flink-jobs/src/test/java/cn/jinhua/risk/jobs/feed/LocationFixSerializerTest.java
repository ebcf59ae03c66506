package cn.jinhua.risk.jobs.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

class LocationFixSerializerTest {

    static LocationFix roundTrip(TypeSerializer<LocationFix> ser, LocationFix f) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        ser.serialize(f, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        LocationFix back = ser.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    @Example
    void flinkPicksTheSerializerForFixesAndRecordsCarryingThem() {
        TypeInformation<LocationFix> info = TypeInformation.of(LocationFix.class);
        assertThat(info).isInstanceOf(LocationFixTypeInfo.class);
        assertThat(info.createSerializer(new SerializerConfigImpl())).isSameAs(LocationFixSerializer.INSTANCE);
    }

    @Example
    void roundTripsEveryFieldIncludingSentinelsAndUnusualSources() throws IOException {
        TypeSerializer<LocationFix> ser = TypeInformation.of(LocationFix.class).createSerializer(new SerializerConfigImpl());
        LocationFix[] fixes = {
            new LocationFix("d-1001", 1_767_000_000_123L, "2026-12-29T16:05:00.123+08:00", 29.2012345678901, 119.6212345678901,
                    12.5, "GPS", 41),
            new LocationFix("d:2.x_y-z", -5L, "1969-12-31T23:59:59.995Z", -90, 180, Double.NaN, null, -1),
            new LocationFix("d-3", 0L, "1970-01-01T00:00:00Z", 0, -180, 0, "CELL", 100),
            new LocationFix("d-4", 1L, "1970-01-01T00:00:00.001Z", 1, 1, 1, "WIFI", 0),
            new LocationFix("设备-5", 2L, "t", 1, 1, 1, "SATELLITE", 5),
            new LocationFix("café-ÿ", 3L, null, 1, 1, 1, "", 5),
            new LocationFix("", 4L, "", -0.0, Double.MIN_VALUE, Double.MAX_VALUE, null, 99),
        };
        for (LocationFix f : fixes) {
            assertThat(roundTrip(ser, f)).isEqualTo(f);
        }
        assertThat(roundTrip(ser, fixes[0]).source()).isSameAs(LocationSources.GPS);
    }

    @Example
    void restoresFromItsSnapshot() throws IOException {
        TypeSerializerSnapshot<LocationFix> snapshot = LocationFixSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        snapshot.writeSnapshot(out);
        TypeSerializerSnapshot<LocationFix> read = new LocationFixSerializer.Snapshot();
        read.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isSameAs(LocationFixSerializer.INSTANCE);
        assertThat(read.resolveSchemaCompatibility(snapshot).isCompatibleAsIs()).isTrue();
    }

    @Property(tries = 2_000)
    void anyFixRoundTripsExactly(@ForAll("fixes") LocationFix f) throws IOException {
        assertThat(roundTrip(LocationFixSerializer.INSTANCE, f)).isEqualTo(f);
    }

    /** Any strings (null, empty, Latin-1, any Unicode), any doubles (NaN, infinities, -0.0), any ints. */
    @Provide
    Arbitrary<LocationFix> fixes() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40),
                Arbitraries.strings().ascii().ofMaxLength(40)).injectNull(0.1);
        Arbitrary<String> source = Arbitraries.oneOf(Arbitraries.of("GPS", "CELL", "WIFI"), text);
        Arbitrary<Double> number = Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE));
        return Combinators.combine(text, Arbitraries.longs(), text, number, number, number, source,
                Arbitraries.integers()).as(LocationFix::new);
    }
}
