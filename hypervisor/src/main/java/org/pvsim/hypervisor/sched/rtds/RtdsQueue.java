package org.pvsim.hypervisor.sched.rtds;

/**
 * One of RTDS's intrusive queues ({@code struct list_head} in {@code struct rt_private}): the run queue, kept in
 * priority order ({@code deadline_runq_insert}); the depleted queue, unordered; or the replenishment queue, kept in
 * the order of the units' deadlines, which are their replenishment times. Units carry their own {@link Node}s, so
 * queueing allocates nothing.
 *
 * <p>Invariant: an ordered queue is sorted, and units that compare equal keep their insertion order (a newcomer goes
 * after its equals, as {@code deadline_queue_insert} does); a node is on at most one queue, and {@link Node#queue}
 * names it.
 */
final class RtdsQueue {
    /** How a queue is kept. */
    enum Order {
        /** By {@link RtdsUnit#comparePriority}: priority level, then deadline ({@code runq}). */
        PRIORITY,
        /** By deadline alone: the time of the next replenishment ({@code replq}). */
        DEADLINE,
        /** Unordered; a newcomer goes first ({@code depletedq}, {@code list_add}). */
        NONE
    }

    /** A unit's membership of one queue. */
    static final class Node {
        final RtdsUnit unit;
        Node prev;
        Node next;
        RtdsQueue queue;

        Node(RtdsUnit unit) {
            this.unit = unit;
        }
    }

    private final String name;
    private final Order order;
    private Node head;
    private Node tail;

    RtdsQueue(String name, Order order) {
        this.name = name;
        this.order = order;
    }

    boolean isEmpty() {
        return head == null;
    }

    /** The first unit, or {@code null}. */
    RtdsUnit first() {
        return head == null ? null : head.unit;
    }

    /** The first node, or {@code null}. */
    Node head() {
        return head;
    }

    /**
     * Inserts {@code n} at its place: after every unit it does not beat, as {@code deadline_queue_insert}; at the
     * head for an unordered queue. Returns whether it went first.
     */
    boolean insert(Node n) {
        if (n.queue != null) {
            throw new IllegalStateException(n.unit + " is already on " + n.queue.name);
        }
        Node at = head;
        if (order != Order.NONE) {
            while (at != null && !beats(n.unit, at.unit)) {
                at = at.next;
            }
        }
        n.queue = this;
        n.next = at;
        n.prev = at == null ? tail : at.prev;
        if (n.prev == null) {
            head = n;
        } else {
            n.prev.next = n;
        }
        if (at == null) {
            tail = n;
        } else {
            at.prev = n;
        }
        return head == n;
    }

    /** Takes {@code n} off this queue; returns whether it was first ({@code deadline_queue_remove}). */
    boolean remove(Node n) {
        if (n.queue != this) {
            throw new IllegalStateException(n.unit + " is not on " + name);
        }
        boolean wasFirst = head == n;
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.queue = null;
        return wasFirst;
    }

    private boolean beats(RtdsUnit a, RtdsUnit b) {
        return order == Order.PRIORITY ? a.comparePriority(b) > 0 : a.curDeadline < b.curDeadline;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append('[');
        for (Node n = head; n != null; n = n.next) {
            s.append(n.unit).append(n.next == null ? "" : ", ");
        }
        return s.append(']').toString();
    }
}
