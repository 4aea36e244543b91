package org.pvsim.hypervisor.sched;

import org.pvsim.hypervisor.domain.Vcpu;

/**
 * A round-robin policy: one global FIFO queue of runnable vCPUs; each pCPU takes the first vCPU its hard affinity
 * allows for a fixed timeslice and puts its previous vCPU, if still runnable, at the tail. A waking vCPU joins the tail and tickles the lowest-numbered
 * idle pCPU, as does a vCPU descheduled because its hard affinity no longer holds its pCPU. It has no parameters and no
 * Xen counterpart: it stands in until the real policies come.
 */
public final class RoundRobinScheduler implements Scheduler {
    /** pvsim's id for this policy, outside Xen's {@code XEN_SCHEDULER_*} range (5-9). */
    public static final int SCHEDULER_ID = 100;

    /** The default timeslice: 10 ms. */
    public static final long DEFAULT_TIMESLICE_NS = 10_000_000L;

    private static final class Unit {
        final Vcpu vcpu;
        Unit prev;
        Unit next;
        boolean queued;

        Unit(Vcpu vcpu) {
            this.vcpu = vcpu;
        }
    }

    private final long timesliceNs;
    private SchedulerHost host;
    private Unit head;
    private Unit tail;

    public RoundRobinScheduler() {
        this(DEFAULT_TIMESLICE_NS);
    }

    public RoundRobinScheduler(long timesliceNs) {
        if (timesliceNs <= 0) {
            throw new IllegalArgumentException("timeslice must be positive, not " + timesliceNs);
        }
        this.timesliceNs = timesliceNs;
    }

    @Override
    public String name() {
        return "rr";
    }

    @Override
    public int schedulerId() {
        return SCHEDULER_ID;
    }

    @Override
    public void init(SchedulerHost host) {
        this.host = host;
    }

    @Override
    public void insertVcpu(Vcpu v, long now) {
        v.schedPriv = new Unit(v);
    }

    @Override
    public void removeVcpu(Vcpu v, long now) {
        dequeue(unit(v));
        v.schedPriv = null;
    }

    @Override
    public void sleep(Vcpu v, long now) {
        dequeue(unit(v));
        if (v.isRunning()) {
            host.tickle(v.processor());
        }
    }

    @Override
    public void wake(Vcpu v, long now) {
        Unit u = unit(v);
        if (v.isRunning() || u.queued) {
            return;
        }
        enqueue(u);
        tickleIdle(v);
    }

    /** Tickles the lowest-numbered idle pCPU {@code v} may run on, if any. */
    private void tickleIdle(Vcpu v) {
        for (int p = 0; p < host.nrPcpus(); p++) {
            if (host.current(p) == null && v.hardAffinity().contains(p)) {
                host.tickle(p);
                return;
            }
        }
    }

    @Override
    public void yield(Vcpu v, long now) {
        if (v.isRunning()) {
            host.tickle(v.processor());
        }
    }

    @Override
    public void affinityChanged(Vcpu v, long now) {
        if (v.isRunning() && !v.hardAffinity().contains(v.processor())) {
            host.tickle(v.processor());
        }
        if (unit(v).queued) {
            int p = v.hardAffinity().first();
            host.tickle(p);
        }
    }

    @Override
    public void doSchedule(int pcpu, Vcpu prev, long now, ScheduleDecision out) {
        if (prev != null && prev.isRunnable()) {
            enqueue(unit(prev));
            if (!prev.hardAffinity().contains(pcpu)) {
                // pinned away while it ran here: an idle pCPU of its new affinity takes it
                tickleIdle(prev);
            }
        }
        Unit next = head;
        while (next != null && !next.vcpu.hardAffinity().contains(pcpu)) {
            next = next.next;
        }
        if (next == null) {
            out.set(null, ScheduleDecision.NO_TIMESLICE);
            return;
        }
        dequeue(next);
        out.set(next.vcpu, timesliceNs);
    }

    private static Unit unit(Vcpu v) {
        return (Unit) v.schedPriv;
    }

    private void enqueue(Unit u) {
        if (u.queued) {
            return;
        }
        u.queued = true;
        u.prev = tail;
        u.next = null;
        if (tail == null) {
            head = u;
        } else {
            tail.next = u;
        }
        tail = u;
    }

    private void dequeue(Unit u) {
        if (!u.queued) {
            return;
        }
        if (u.prev == null) {
            head = u.next;
        } else {
            u.prev.next = u.next;
        }
        if (u.next == null) {
            tail = u.prev;
        } else {
            u.next.prev = u.prev;
        }
        u.prev = null;
        u.next = null;
        u.queued = false;
    }
}
