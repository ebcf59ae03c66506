package cn.jinhua.risk.jobs.feed;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for {@link LocationFix} that hands Flink the {@link LocationFixSerializer}
 * (picked up through the {@code @TypeInfo} annotation on the record, so every stream and state of
 * fixes uses it). Immutable.
 */
public final class LocationFixTypeInfo extends TypeInformation<LocationFix> {
    private static final long serialVersionUID = 1L;

    /** The factory the {@code @TypeInfo} annotation names. */
    public static final class Factory extends TypeInfoFactory<LocationFix> {
        @Override
        public TypeInformation<LocationFix> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new LocationFixTypeInfo();
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<LocationFix> getTypeClass() {
        return LocationFix.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<LocationFix> createSerializer(SerializerConfig config) {
        return LocationFixSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "LocationFix";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocationFixTypeInfo;
    }

    @Override
    public int hashCode() {
        return LocationFixTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof LocationFixTypeInfo;
    }
}
