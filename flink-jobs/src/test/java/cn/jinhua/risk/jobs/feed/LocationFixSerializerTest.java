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
                    12.5, "GPS", 41, 1, 123_456_789_012L),
            new LocationFix("d:2.x_y-z", -5L, "1969-12-31T23:59:59.995Z", -90, 180, Double.NaN, null, -1, 0, 0L),
            new LocationFix("d-3", 0L, "1970-01-01T00:00:00Z", 0, -180, 0, "CELL", 100, Integer.MAX_VALUE, Long.MAX_VALUE),
            new LocationFix("d-4", 1L, "1970-01-01T00:00:00.001Z", 1, 1, 1, "WIFI", 0, -1, -1L),
            new LocationFix("设备-5", 2L, "t", 1, 1, 1, "SATELLITE", 5, 3, 7L),
            new LocationFix("café-ÿ", 3L, null, 1, 1, 1, "", 5, 3, 8L),
            new LocationFix("", 4L, "", -0.0, Double.MIN_VALUE, Double.MAX_VALUE, null, 99, 0, 9L),
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
        Arbitrary<LocationFix> withoutPosition = Combinators.combine(text, Arbitraries.longs(), text, number, number, number,
                source, Arbitraries.integers()).as((d, t, ts, lat, lon, acc, s, b) -> new LocationFix(d, t, ts, lat, lon, acc, s, b, 0, 0L));
        return Combinators.combine(withoutPosition, Arbitraries.integers(), Arbitraries.longs())
                .as((f, partition, offset) -> new LocationFix(f.deviceId(), f.tsMillis(), f.ts(), f.lat(), f.lon(), f.accuracyM(),
                        f.source(), f.batteryPct(), partition, offset));
    }

    @Example
    void migratesStateWrittenBeforeFixesCarriedTheirKafkaPosition() throws IOException {
        LocationFix v1Fix = new LocationFix("d-1", 5L, "1970-01-01T00:00:00.005Z", 29.2, 119.6, 10, "GPS", 50, -1, -1L);
        DataOutputSerializer v1Bytes = new DataOutputSerializer(64);
        LocationFixSerializer.V1.serialize(v1Fix, v1Bytes);
        DataOutputSerializer snapshotBytes = new DataOutputSerializer(8);
        LocationFixSerializer.V1.snapshotConfiguration().writeSnapshot(snapshotBytes);

        TypeSerializerSnapshot<LocationFix> old = new LocationFixSerializer.Snapshot();
        old.readSnapshot(2, new DataInputDeserializer(snapshotBytes.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(LocationFixSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(old)
                .isCompatibleAfterMigration()).isTrue();
        LocationFix restored = old.restoreSerializer().deserialize(new DataInputDeserializer(v1Bytes.getCopyOfBuffer()));
        assertThat(restored).isEqualTo(v1Fix);
        assertThat(roundTrip(LocationFixSerializer.INSTANCE, restored)).isEqualTo(v1Fix);
    }

    @Example
    void refusesStateOfALayoutNewerThanThisBuild() throws IOException {
        DataOutputSerializer bytes = new DataOutputSerializer(8);
        bytes.writeInt(LocationFixSerializer.CURRENT_LAYOUT + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LocationFixSerializer.Snapshot()
                        .readSnapshot(2, new DataInputDeserializer(bytes.getCopyOfBuffer()), getClass().getClassLoader()))
                .isInstanceOf(IOException.class).hasMessageContaining("newer than this build");
    }
}
