package cn.jinhua.risk.jobs.feed;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer for {@link LocationFix}, the record every fix crosses the keyBy shuffle as (and
 * the form of fixes held back in keyed state). Flink's reflective record serializer boxes each
 * component and builds the record through an argument array; this one writes the fields directly
 * and encodes the source as one byte (GPS, CELL, WIFI as the shared {@link LocationSources}
 * constants). Layout (version 2): deviceId, tsMillis, ts, lat, lon, accuracyM, source code (then
 * the source text when it is not one of the three), batteryPct, partition, offset; strings as in
 * {@link #writeString}. Version 1 had no partition and offset: state written with it is read by
 * {@link #V1} and migrated (see {@link Snapshot}). Stateless, hence thread-safe.
 */
public final class LocationFixSerializer extends TypeSerializer<LocationFix> {
    private static final long serialVersionUID = 2L;
    static final int CURRENT_LAYOUT = 2;
    public static final LocationFixSerializer INSTANCE = new LocationFixSerializer(CURRENT_LAYOUT);
    /** Reads fixes written by layout 1 (before partition and offset), for state migration. */
    static final LocationFixSerializer V1 = new LocationFixSerializer(1);

    private final int layout;

    private LocationFixSerializer(int layout) {
        this.layout = layout;
    }

    @Override
    public TypeSerializer<LocationFix> duplicate() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocationFixSerializer other && other.layout == layout;
    }

    @Override
    public int hashCode() {
        return layout;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public LocationFix createInstance() {
        return null;
    }

    @Override
    public LocationFix copy(LocationFix from) {
        return from;
    }

    @Override
    public LocationFix copy(LocationFix from, LocationFix reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(LocationFix f, DataOutputView out) throws IOException {
        writeString(f.deviceId(), out);
        out.writeLong(f.tsMillis());
        writeString(f.ts(), out);
        out.writeDouble(f.lat());
        out.writeDouble(f.lon());
        out.writeDouble(f.accuracyM());
        int code = LocationSources.code(f.source());
        out.writeByte(code);
        if (code < 0) {
            StringValue.writeString(f.source(), out);
        }
        out.writeInt(f.batteryPct());
        if (layout >= 2) {
            out.writeInt(f.partition());
            out.writeLong(f.offset());
        }
    }

    @Override
    public LocationFix deserialize(DataInputView in) throws IOException {
        String deviceId = readString(in);
        long tsMillis = in.readLong();
        String ts = readString(in);
        double lat = in.readDouble();
        double lon = in.readDouble();
        double accuracyM = in.readDouble();
        int code = in.readByte();
        String source = code < 0 ? StringValue.readString(in) : LocationSources.ofCode(code);
        int batteryPct = in.readInt();
        int partition = -1;
        long offset = -1;
        if (layout >= 2) {
            partition = in.readInt();
            offset = in.readLong();
        }
        return new LocationFix(deviceId, tsMillis, ts, lat, lon, accuracyM, source, batteryPct, partition, offset);
    }

    private static final int NULL = -1;
    private static final int NOT_LATIN1 = -2;

    /**
     * Device ids and timestamps are ASCII: one byte per character after an int length, instead
     * of StringValue's variable-length characters and its per-call thread-local buffer lookup.
     * Anything else (null, characters above U+00FF) is marked and written by StringValue.
     */
    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(NULL);
            return;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) > 0xFF) {
                out.writeInt(NOT_LATIN1);
                StringValue.writeString(s, out);
                return;
            }
        }
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeByte(s.charAt(i));
        }
    }

    @SuppressWarnings("deprecation")
    static String readString(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n == NULL) {
            return null;
        }
        if (n == NOT_LATIN1) {
            return StringValue.readString(in);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        // The high-byte constructor builds a Latin-1 string without a charset decoder.
        return new String(b, 0, 0, n);
    }

    @Override
    public LocationFix deserialize(LocationFix reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<LocationFix> snapshotConfiguration() {
        return new Snapshot(layout);
    }

    /**
     * Writes the layout version into every checkpoint and savepoint. Restoring state written with
     * an older layout reads it with that layout's serializer and rewrites it in the current one.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<LocationFix> {
        private int layout;

        /** For Flink, which reads the layout with {@link #readSnapshot}. */
        public Snapshot() {
            this(CURRENT_LAYOUT);
        }

        Snapshot(int layout) {
            this.layout = layout;
        }

        @Override
        public int getCurrentVersion() {
            return CURRENT_LAYOUT;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(layout);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader) throws IOException {
            layout = in.readInt();
            if (layout < 1 || layout > CURRENT_LAYOUT) {
                throw new IOException("LocationFix state of layout " + layout + " is newer than this build ("
                        + CURRENT_LAYOUT + "): restore it with the build that wrote it");
            }
        }

        @Override
        public TypeSerializer<LocationFix> restoreSerializer() {
            return layout == CURRENT_LAYOUT ? INSTANCE : V1;
        }

        @Override
        public TypeSerializerSchemaCompatibility<LocationFix> resolveSchemaCompatibility(
                TypeSerializerSnapshot<LocationFix> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot old)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return old.layout == CURRENT_LAYOUT ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
