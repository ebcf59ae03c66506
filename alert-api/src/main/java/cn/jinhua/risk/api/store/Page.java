package cn.jinhua.risk.api.store;

import java.util.List;

/** One page of a search and the total number of matches. */
public record Page<T>(List<T> items, long total) {
}
