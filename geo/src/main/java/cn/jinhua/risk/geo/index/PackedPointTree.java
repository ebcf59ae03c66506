package cn.jinhua.risk.geo.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.AbstractNode;
import org.locationtech.jts.index.strtree.Boundable;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * A built {@link STRtree} frozen into flat arrays for point queries: the same STR packing (the
 * same nodes, the same envelopes), but one array lookup per envelope instead of a virtual
 * {@code getBounds()}, a cast and a visitor call. Point lookups are the per-fix hot path of the
 * stream jobs, where the tree walk dominated the cost (bench/ measures it).
 *
 * <p>Entries are laid out breadth-first so that each node's children are contiguous. Immutable and
 * thread-safe once constructed.
 *
 * @param <T> the items inserted into the STRtree
 */
final class PackedPointTree<T> {
    /** minX, maxX, minY, maxY of entry {@code e} at {@code 4e .. 4e+3}. */
    private final double[] bounds;
    /** First child entry of a node entry; for an item entry, {@code -1 - itemIndex}. */
    private final int[] first;
    private final int[] count;
    private final int rootCount;
    private final Object[] items;
    private final int stackSize;

    /** Freezes {@code tree}, which must be built (queried or {@code build()} called) already. */
    PackedPointTree(STRtree tree) {
        List<Boundable> entries = new ArrayList<>();
        List<Object> found = new ArrayList<>();
        AbstractNode root = tree.getRoot();
        entries.addAll(children(root));
        rootCount = entries.size();
        int[] firstOf = new int[16];
        int[] countOf = new int[16];
        int maxChildren = Math.max(1, rootCount);
        // Breadth-first: a node's children are appended as one run when the node is reached.
        for (int e = 0; e < entries.size(); e++) {
            if (e == firstOf.length) {
                firstOf = Arrays.copyOf(firstOf, 2 * e);
                countOf = Arrays.copyOf(countOf, 2 * e);
            }
            Boundable entry = entries.get(e);
            if (entry instanceof ItemBoundable ib) {
                firstOf[e] = -1 - found.size();
                found.add(ib.getItem());
            } else {
                List<Boundable> kids = children((AbstractNode) entry);
                firstOf[e] = entries.size();
                countOf[e] = kids.size();
                maxChildren = Math.max(maxChildren, kids.size());
                entries.addAll(kids);
            }
        }
        int n = entries.size();
        bounds = new double[4 * n];
        for (int e = 0; e < n; e++) {
            Envelope env = (Envelope) entries.get(e).getBounds();
            bounds[4 * e] = env.getMinX();
            bounds[4 * e + 1] = env.getMaxX();
            bounds[4 * e + 2] = env.getMinY();
            bounds[4 * e + 3] = env.getMaxY();
        }
        first = Arrays.copyOf(firstOf, n);
        count = Arrays.copyOf(countOf, n);
        items = found.toArray();
        // A depth-first walk holds at most one sibling run per level below the root's run.
        stackSize = rootCount + (root.getLevel() + 1) * maxChildren;
    }

    @SuppressWarnings("unchecked")
    private static List<Boundable> children(AbstractNode node) {
        return (List<Boundable>) node.getChildBoundables();
    }

    /** Receives the items whose envelope contains the query point; returns nothing to keep it allocation-free. */
    interface Visitor<T> {
        void visit(T item);
    }

    /** Calls {@code visitor} for every item whose envelope contains (x, y), boundary included. */
    @SuppressWarnings("unchecked")
    void query(double x, double y, Visitor<? super T> visitor) {
        int[] stack = new int[stackSize];
        int top = pushContaining(stack, 0, 0, rootCount, x, y);
        while (top > 0) {
            int e = stack[--top];
            int f = first[e];
            if (f < 0) {
                visitor.visit((T) items[-1 - f]);
            } else {
                top = pushContaining(stack, top, f, count[e], x, y);
            }
        }
    }

    /** Pushes the entries of the run {@code [from, from + n)} whose envelope contains (x, y). */
    private int pushContaining(int[] stack, int top, int from, int n, double x, double y) {
        for (int e = from, o = 4 * from; e < from + n; e++, o += 4) {
            if (x >= bounds[o] && x <= bounds[o + 1] && y >= bounds[o + 2] && y <= bounds[o + 3]) {
                stack[top++] = e;
            }
        }
        return top;
    }
}
