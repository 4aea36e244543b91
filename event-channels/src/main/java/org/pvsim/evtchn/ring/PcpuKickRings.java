package org.pvsim.evtchn.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.util.Arrays;
import org.pvsim.hypervisor.spi.PcpuKicks;

/**
 * The kicks waiting for each pCPU, on one preallocated LMAX Disruptor {@link RingBuffer} per pCPU: the producer side
 * of {@code vcpu_kick}'s event-check IPI and the consumer side that each pCPU runs at its scheduling points ({@link
 * #drain}).
 *
 * <p><b>Why one ring per pCPU.</b> A kick is the event-check IPI of {@code vcpu_kick}: it is addressed to the pCPU a
 * vCPU runs on, and only that pCPU consumes it, at its next scheduling point, before it returns to guest code. pCPUs
 * are few and fixed for the host's life, so their rings are created once and never freed; vCPUs come and go with
 * domains, and a ring per vCPU would mean allocating and retiring rings at run time and having each pCPU poll the
 * rings of every vCPU it might run. One consumer per ring also makes the consumer side single-threaded by construction.
 * Producers are any pCPU (a send on one pCPU kicks another), so the rings are multi-producer.
 *
 * <p><b>Why a full ring loses nothing.</b> A kick carries no event: it only says "look at your vCPU's {@code
 * evtchn_upcall_pending}". The pending bits in guest memory are the truth and are set before the kick is published.
 * Publication uses {@link RingBuffer#tryNext()}, which never blocks: when the ring is full the kick is dropped and
 * counted ({@link #kicksDropped}), and the caller still interrupts the pCPU, which then reaches a scheduling point and
 * finds the upcall due from the pending bits. A dropped kick can therefore only make the ring's record incomplete,
 * never delay or lose an upcall.
 *
 * <p>No waiting: each pCPU polls its ring with an {@link EventPoller}, so the wait strategy is never used to wait;
 * {@link BusySpinWaitStrategy} is chosen because its publish-side signal is free. Slots ({@link Kick}) are mutable and
 * reused; neither {@link #kick} nor {@link #drain} allocates. Rings are created for every pCPU the host reports at
 * construction, and lazily (once) for a pCPU number beyond that.
 *
 * <p>Counters are per pCPU and total; {@code published - consumed} is the backlog of a ring and never exceeds its size.
 * Like the rest of the model they are written by one thread at a time.
 */
public final class PcpuKickRings implements PcpuKicks {
    /** Kick ring size when none is configured: a power of two. */
    public static final int DEFAULT_RING_SIZE = 1024;

    private final int ringSize;
    private RingBuffer<Kick>[] rings;
    private EventPoller<Kick>[] pollers;
    private long[] published;
    private long[] consumed;
    private long[] dropped;
    private long totalPublished;
    private long totalConsumed;
    private long totalDropped;

    /** The consumer: counts the kicks a drain takes. Preallocated, so a drain allocates nothing. */
    private final DrainHandler handler = new DrainHandler();

    private static final class DrainHandler implements EventPoller.Handler<Kick> {
        int taken;
        int lastDomid = -1;
        int lastVcpu = -1;

        @Override
        public boolean onEvent(Kick kick, long sequence, boolean endOfBatch) {
            taken++;
            lastDomid = kick.domid;
            lastVcpu = kick.vcpu;
            return true;
        }
    }

    /**
     * Rings of {@code ringSize} slots for pCPUs 0 to {@code nrPcpus - 1}.
     *
     * @throws IllegalArgumentException unless {@code ringSize} is a power of two from 1 to 2^30, and {@code nrPcpus}
     *     is not negative
     */
    public PcpuKickRings(int ringSize, int nrPcpus) {
        checkRingSize(ringSize);
        if (nrPcpus < 0) {
            throw new IllegalArgumentException("the number of pCPUs must not be negative, got " + nrPcpus);
        }
        this.ringSize = ringSize;
        grow(nrPcpus);
    }

    /**
     * Checks a kick ring size: Disruptor rings index by mask, so the size must be a power of two.
     *
     * @throws IllegalArgumentException naming the rule and the bad value
     */
    public static void checkRingSize(int ringSize) {
        if (ringSize < 1 || ringSize > (1 << 30) || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException(
                    "the event-channel kick ring size must be a power of two from 1 to 2^30, got " + ringSize);
        }
    }

    @SuppressWarnings("unchecked")
    private void grow(int n) {
        int old = rings == null ? 0 : rings.length;
        rings = rings == null ? new RingBuffer[n] : Arrays.copyOf(rings, n);
        pollers = pollers == null ? new EventPoller[n] : Arrays.copyOf(pollers, n);
        published = published == null ? new long[n] : Arrays.copyOf(published, n);
        consumed = consumed == null ? new long[n] : Arrays.copyOf(consumed, n);
        dropped = dropped == null ? new long[n] : Arrays.copyOf(dropped, n);
        for (int p = old; p < n; p++) {
            RingBuffer<Kick> ring = RingBuffer.createMultiProducer(Kick::new, ringSize, new BusySpinWaitStrategy());
            EventPoller<Kick> poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            rings[p] = ring;
            pollers[p] = poller;
        }
    }

    /**
     * Publishes a kick for vCPU {@code vcpu} of {@code domid} to {@code pcpu}'s ring, or drops and counts it if the
     * ring is full. Never blocks; allocates only the first time a pCPU beyond the host's count is named.
     *
     * @return true if published, false if dropped (or {@code pcpu} is negative)
     */
    public boolean kick(int pcpu, int domid, int vcpu) {
        if (pcpu < 0) {
            return false;
        }
        if (pcpu >= rings.length) {
            grow(pcpu + 1);
        }
        RingBuffer<Kick> ring = rings[pcpu];
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            dropped[pcpu]++;
            totalDropped++;
            return false;
        }
        Kick k = ring.get(seq);
        k.domid = domid;
        k.vcpu = vcpu;
        ring.publish(seq);
        published[pcpu]++;
        totalPublished++;
        return true;
    }

    /** Consumes every kick waiting on {@code pcpu}'s ring; returns how many. A pCPU without a ring has none. */
    @Override
    public int drain(int pcpu) {
        if (pcpu < 0 || pcpu >= pollers.length) {
            return 0;
        }
        handler.taken = 0;
        try {
            pollers[pcpu].poll(handler);
        } catch (Exception e) {
            // the handler throws nothing; a Disruptor failure here is a simulator bug
            throw new IllegalStateException("kick ring of pCPU " + pcpu + " failed", e);
        }
        int n = handler.taken;
        consumed[pcpu] += n;
        totalConsumed += n;
        return n;
    }

    /** The slots of each ring. */
    public int ringSize() {
        return ringSize;
    }

    /** The pCPUs that have a ring now. */
    public int nrRings() {
        return rings.length;
    }

    /** Kicks published to all rings so far. */
    public long kicksPublished() {
        return totalPublished;
    }

    /** Kicks consumed by all pCPUs so far. */
    public long kicksConsumed() {
        return totalConsumed;
    }

    /** Kicks dropped because a ring was full (the pCPU was interrupted all the same). */
    public long kicksDropped() {
        return totalDropped;
    }

    /** Kicks published to {@code pcpu}'s ring so far (0 for a pCPU without a ring). */
    public long kicksPublished(int pcpu) {
        return pcpu >= 0 && pcpu < published.length ? published[pcpu] : 0;
    }

    /** Kicks {@code pcpu} consumed so far. */
    public long kicksConsumed(int pcpu) {
        return pcpu >= 0 && pcpu < consumed.length ? consumed[pcpu] : 0;
    }

    /** Kicks dropped because {@code pcpu}'s ring was full. */
    public long kicksDropped(int pcpu) {
        return pcpu >= 0 && pcpu < dropped.length ? dropped[pcpu] : 0;
    }

    /** Kicks waiting on {@code pcpu}'s ring now: published and not yet consumed. */
    public long backlog(int pcpu) {
        return kicksPublished(pcpu) - kicksConsumed(pcpu);
    }

    /** The domain of the last kick any drain consumed, or -1 (for tests and statistics). */
    public int lastConsumedDomid() {
        return handler.lastDomid;
    }

    /** The vCPU of the last kick any drain consumed, or -1. */
    public int lastConsumedVcpu() {
        return handler.lastVcpu;
    }
}
