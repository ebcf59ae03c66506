package cn.jinhua.risk.api.device;

import cn.jinhua.risk.api.store.ElasticsearchConfig;
import cn.jinhua.risk.api.store.ElasticsearchErrors;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import cn.jinhua.risk.contract.IsoTimes;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Last positions in {@code <prefix>device-positions}: one document per device, written with an
 * external version (the fix's epoch milliseconds, {@code external_gte}), so Elasticsearch itself
 * keeps the newest position whatever the order of writes, and a redelivered one changes nothing.
 */
@Singleton
final class ElasticsearchDevicePositionRepository implements DevicePositionRepository {
    private final ElasticsearchClient client;
    private final IndexSetup setup;
    private final String index;
    private final Refresh refresh;

    ElasticsearchDevicePositionRepository(ElasticsearchClient client, IndexSetup setup, IndexNames names,
                                          ElasticsearchConfig config) {
        this.client = client;
        this.setup = setup;
        this.index = names.devicePositions();
        this.refresh = ElasticsearchErrors.refresh(config);
    }

    @Override
    public List<DevicePosition> saveNewer(List<DevicePosition> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        List<BulkOperation> ops = new ArrayList<>(positions.size());
        for (DevicePosition p : positions) {
            long version = IsoTimes.parseMillis(p.ts());
            ops.add(BulkOperation.of(b -> b.index(i -> i.index(index).id(p.deviceId()).version(version)
                    .versionType(VersionType.External).document(p))));
        }
        try {
            setup.ensure();
            BulkResponse r = client.bulk(b -> b.operations(ops).refresh(refresh));
            List<DevicePosition> stored = new ArrayList<>();
            for (int i = 0; i < r.items().size(); i++) {
                BulkResponseItem item = r.items().get(i);
                if (item.error() == null) {
                    stored.add(positions.get(i));
                } else if (item.status() != 409) {
                    throw new IllegalStateException("position of " + positions.get(i).deviceId() + " not stored: "
                            + item.error().reason());
                }
            }
            return stored;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("store device positions", e);
        }
    }

    @Override
    public List<DevicePosition> latest(int limit) {
        try {
            setup.ensure();
            var r = client.search(s -> s.index(index).size(limit)
                    .sort(so -> so.field(f -> f.field("ts").order(SortOrder.Desc)))
                    .sort(so -> so.field(f -> f.field("deviceId").order(SortOrder.Asc))), DevicePosition.class);
            List<DevicePosition> out = new ArrayList<>();
            for (Hit<DevicePosition> h : r.hits().hits()) {
                out.add(h.source());
            }
            return out;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("read device positions", e);
        }
    }
}
