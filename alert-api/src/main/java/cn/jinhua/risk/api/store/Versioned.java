package cn.jinhua.risk.api.store;

/**
 * A stored document with the sequence number and primary term it was read at, for
 * optimistic-concurrency writes ({@code if_seq_no}/{@code if_primary_term}).
 */
public record Versioned<T>(T value, long seqNo, long primaryTerm) {
    /** The version token clients see and may send back: {@code seqNo-primaryTerm}. */
    public String token() {
        return seqNo + "-" + primaryTerm;
    }
}
