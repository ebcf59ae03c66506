package cn.jinhua.risk.api.team;

import cn.jinhua.risk.api.store.ElasticsearchConfig;
import cn.jinhua.risk.api.store.ElasticsearchErrors;
import cn.jinhua.risk.api.store.IndexNames;
import cn.jinhua.risk.api.store.IndexSetup;
import cn.jinhua.risk.api.store.VersionConflictException;
import cn.jinhua.risk.contract.IsoTimes;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latest team positions in {@code <prefix>team-positions}, one document per team; a position
 * replaces the stored one only if it is newer, with a conditional write so concurrent reports
 * keep the newest.
 */
@Singleton
final class ElasticsearchTeamPositionRepository implements TeamPositionRepository {
    private final ElasticsearchClient client;
    private final IndexSetup setup;
    private final String index;
    private final Refresh refresh;

    ElasticsearchTeamPositionRepository(ElasticsearchClient client, IndexSetup setup, IndexNames names,
                                        ElasticsearchConfig config) {
        this.client = client;
        this.setup = setup;
        this.index = names.teamPositions();
        this.refresh = ElasticsearchErrors.refresh(config);
    }

    @Override
    public TeamPosition saveIfNewer(TeamPosition p) {
        setup.ensure();
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                GetResponse<TeamPosition> cur = client.get(g -> g.index(index).id(p.teamId()), TeamPosition.class);
                if (!cur.found()) {
                    client.create(c -> c.index(index).id(p.teamId()).document(p).refresh(refresh));
                    return p;
                }
                if (!IsoTimes.parseInstant(p.ts()).isAfter(IsoTimes.parseInstant(cur.source().ts()))) {
                    return cur.source();
                }
                client.index(i -> i.index(index).id(p.teamId()).document(p)
                        .ifSeqNo(cur.seqNo()).ifPrimaryTerm(cur.primaryTerm()).refresh(refresh));
                return p;
            } catch (Exception e) {
                RuntimeException t = ElasticsearchErrors.translate("store position of " + p.teamId(), e);
                if (!(t instanceof VersionConflictException)) {
                    throw t;
                }
            }
        }
        throw new VersionConflictException("position of " + p.teamId() + " kept changing concurrently");
    }

    @Override
    public Map<String, TeamPosition> all() {
        try {
            setup.ensure();
            SearchResponse<TeamPosition> r = client.search(s -> s.index(index).size(1000), TeamPosition.class);
            Map<String, TeamPosition> out = new LinkedHashMap<>();
            for (Hit<TeamPosition> h : r.hits().hits()) {
                out.put(h.id(), h.source());
            }
            return out;
        } catch (Exception e) {
            throw ElasticsearchErrors.translate("read team positions", e);
        }
    }
}
