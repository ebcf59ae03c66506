package cn.jinhua.risk.api.live;

/**
 * How the live stream's numbers are made. Every publish claims the next <em>ordinal</em> (a
 * cluster-wide counter kept by the live index itself: the publish's document id is its first
 * number, created only if absent), and its events are numbered {@code ordinal × SPAN + i}. So the
 * numbers of one publish never depend on another's size, which lets concurrent publishes on several
 * API processes number themselves without first agreeing on where the previous one ended.
 */
public final class Numbering {
    /** Numbers per publish: a publish holds at most this many events (a 16 MB ingest holds far fewer). */
    public static final long SPAN = 1L << 20;

    private Numbering() {
    }

    public static long first(long ordinal) {
        return ordinal * SPAN;
    }

    public static long ordinal(long seq) {
        return Math.floorDiv(seq, SPAN);
    }
}
