package cn.jinhua.risk.jobs.feed;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer for {@link LocationFix}, the record every fix crosses the keyBy shuffle as (and
 * the form of fixes held back in keyed state). Flink's reflective record serializer boxes each
 * component and builds the record through an argument array; this one writes the fields directly
 * and encodes the source as one byte (GPS, CELL, WIFI as the shared {@link LocationSources}
 * constants). Layout: deviceId, tsMillis, ts, lat, lon, accuracyM, source code (then the source
 * text when it is not one of the three), batteryPct; strings as in {@link #writeString}.
 * Stateless, hence thread-safe.
 */
public final class LocationFixSerializer extends TypeSerializerSingleton<LocationFix> {
    private static final long serialVersionUID = 1L;
    public static final LocationFixSerializer INSTANCE = new LocationFixSerializer();

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
        return new LocationFix(deviceId, tsMillis, ts, lat, lon, accuracyM, source, batteryPct);
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
        return new Snapshot();
    }

    /** Restores the singleton; the layout has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LocationFix> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
