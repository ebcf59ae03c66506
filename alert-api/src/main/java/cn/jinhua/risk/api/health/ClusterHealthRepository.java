package cn.jinhua.risk.api.health;

/** Elasticsearch's cluster health. */
public interface ClusterHealthRepository {

    /** The cluster's state; throws when it cannot be reached. */
    ClusterState state();

    /** Cluster name, status (green, yellow, red) and node count. */
    record ClusterState(String clusterName, String status, int nodes) {
    }
}
