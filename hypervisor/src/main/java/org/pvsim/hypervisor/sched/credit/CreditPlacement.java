package org.pvsim.hypervisor.sched.credit;

import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.machine.CpuTopology;
import org.pvsim.hypervisor.sched.SchedulerHost;

/**
 * Where credit puts vCPUs: {@code _csched_cpu_pick} (the pCPU a vCPU should belong to, preferring idle pCPUs with
 * idle neighbours, within soft then hard affinity) and {@code __runq_tickle} (which pCPU to make reschedule when a
 * vCPU is queued). Also the affinity helpers both share with load balancing ({@code has_soft_affinity},
 * {@code affinity_balance_cpumask}).
 *
 * <p>Invariants: every pCPU it returns or tickles is in the vCPU's hard affinity; a tickled pCPU leaves the idlers
 * mask ({@code prv->idlers}) until it next schedules. It works in preallocated scratch masks: no allocation.
 */
final class CreditPlacement {
    /** {@code BALANCE_SOFT_AFFINITY}, {@code BALANCE_HARD_AFFINITY}: the two balancing steps, in order. */
    static final int BALANCE_SOFT_AFFINITY = 0;

    static final int BALANCE_HARD_AFFINITY = 1;

    private final SchedulerHost host;
    private final CpuTopology topology;
    private final CreditPcpu[] pcpus;
    private final CpuMask idlers;
    private final int ncpus;
    private final CpuMask cpus;
    private final CpuMask idlersScratch;
    private final CpuMask tickleScratch;
    /** {@code last_tickle_cpu}: Xen keeps one per waking pCPU; pvsim one per host. */
    private int lastTickleCpu;

    /** The pCPU inside {@code do_schedule}, whose next vCPU is decided but not yet switched to; or -1. */
    private int switchingCpu = -1;

    private CreditUnit switchingTo;

    CreditPlacement(SchedulerHost host, CreditPcpu[] pcpus, CpuMask idlers) {
        this.host = host;
        this.topology = host.topology();
        this.pcpus = pcpus;
        this.idlers = idlers;
        this.ncpus = pcpus.length;
        this.cpus = CpuMask.none(ncpus);
        this.idlersScratch = CpuMask.none(ncpus);
        this.tickleScratch = CpuMask.none(ncpus);
    }

    /** {@code cpumask_cycle}: the first pCPU of {@code mask} after {@code n}, wrapping; -1 if the mask is empty. */
    static int cycle(int n, CpuMask mask) {
        int c = mask.next(n + 1);
        return c >= 0 ? c : mask.first();
    }

    /** {@code has_soft_affinity}: the soft affinity narrows the hard affinity down to a non-empty part of it. */
    static boolean hasSoftAffinity(Vcpu v) {
        return !v.hardAffinity().isSubsetOf(v.softAffinity())
                && v.softAffinity().intersects(v.hardAffinity());
    }

    /** {@code affinity_balance_cpumask}: soft ∩ hard (or hard, if that is empty) for the soft step, else hard. */
    static void balanceMask(Vcpu v, int step, CpuMask out) {
        out.copyFrom(v.hardAffinity());
        if (step == BALANCE_SOFT_AFFINITY) {
            out.and(v.softAffinity());
            if (out.isEmpty()) {
                out.copyFrom(v.hardAffinity());
            }
        }
    }

    /**
     * {@code sched_select_initial_cpu} (the core's choice, which credit's {@code pick_cpu} then refines): vCPU 0 starts
     * on the first pCPU of its hard affinity, each further vCPU on the one after its predecessor's.
     */
    static int initialCpu(Vcpu v) {
        CpuMask hard = v.hardAffinity();
        Vcpu before = v.vcpuId() == 0 ? null : v.domain().vcpu(v.vcpuId() - 1);
        if (before == null || !(before.schedPriv instanceof CreditUnit prev)) {
            return hard.first();
        }
        return cycle(prev.cpu, hard);
    }

    /** While {@code cpu} is deciding in {@code do_schedule}, it counts as running {@code next} (null: idle). */
    void setSwitching(int cpu, CreditUnit next) {
        switchingCpu = cpu;
        switchingTo = next;
    }

    /** The priority of what runs on {@code cpu}: the idle priority for an idle pCPU. */
    private int currentPri(int cpu) {
        CreditUnit cur;
        if (cpu == switchingCpu) {
            cur = switchingTo;
        } else {
            Vcpu v = host.current(cpu);
            cur = v == null ? null : (CreditUnit) v.schedPriv;
        }
        return cur == null ? CreditUnit.PRI_IDLE : cur.pri;
    }

    /**
     * {@code _csched_cpu_pick}: the pCPU {@code svc} should belong to. Within the soft affinity first (if it has a
     * useful one), then the hard affinity: its current pCPU if idle (a pCPU whose only runnable vCPU is {@code svc}
     * counts as idle), else an idle pCPU, preferring the one whose core (same socket) or socket (across sockets,
     * and only if twice as idle) has the most idle pCPUs. With {@code commit}, the chosen group's {@code idle_bias}
     * moves to the pCPU chosen, so that ties rotate.
     */
    int pick(CreditUnit svc, boolean commit, long now) {
        Vcpu v = svc.vcpu;
        int master = svc.cpu;
        int cpu = master;
        CreditPcpu bias = null;
        for (int step = BALANCE_SOFT_AFFINITY; step <= BALANCE_HARD_AFFINITY; step++) {
            balanceMask(v, step, cpus);
            if (step == BALANCE_SOFT_AFFINITY && (!hasSoftAffinity(v) || cpus.isEmpty())) {
                continue;
            }
            cpu = cpus.contains(master) ? master : cycle(master, cpus);
            idlersScratch.copyFrom(idlers);
            if (master == cpu && pcpus[cpu].isEmpty()) {
                idlersScratch.set(cpu);
            }
            cpus.and(idlersScratch);
            if (!cpus.contains(cpu) && !cpus.isEmpty()) {
                cpu = cycle(cpu, cpus);
            }
            cpus.clear(cpu);
            while (!cpus.isEmpty()) {
                int nxt = cycle(cpu, cpus);
                boolean sameSocket = topology.socketOf(cpu) == topology.socketOf(nxt);
                int migrateFactor = sameSocket ? 1 : 2;
                int weightCpu = countIdle(cpu, sameSocket);
                int weightNxt = countIdle(nxt, sameSocket);
                if (weightCpu * migrateFactor < weightNxt) {
                    // Move to the idlest group: among its idle pCPUs still to consider, the one after its bias.
                    bias = pcpus[nxt];
                    cpu = nextIdleInGroup(bias.idleBias, nxt, sameSocket);
                    for (int c = 0; c < ncpus; c++) {
                        if (topology.coreOf(c) == topology.coreOf(cpu)) {
                            cpus.clear(c);
                        }
                    }
                } else {
                    for (int c = 0; c < ncpus; c++) {
                        if (idlersScratch.contains(c) && inGroup(c, nxt, sameSocket)) {
                            cpus.clear(c);
                        }
                    }
                }
            }
            if (idlersScratch.contains(cpu)) {
                break;
            }
        }
        if (commit && bias != null) {
            bias.idleBias = cpu;
        }
        host.trace(now, TraceEvent.TRC_CSCHED_PICKED_CPU, v, cpu, 0);
        return cpu;
    }

    /** Same core ({@code cpu_sibling_mask}) when comparing within a socket, else same socket ({@code cpu_core_mask}). */
    private boolean inGroup(int c, int of, boolean threads) {
        return threads ? topology.coreOf(c) == topology.coreOf(of) : topology.socketOf(c) == topology.socketOf(of);
    }

    private int countIdle(int of, boolean threads) {
        int n = 0;
        for (int c = 0; c < ncpus; c++) {
            if (idlersScratch.contains(c) && inGroup(c, of, threads)) {
                n++;
            }
        }
        return n;
    }

    /** {@code cpumask_cycle(idle_bias, nxt_idlers & cpus)}: never -1, since {@code nxt} itself qualifies. */
    private int nextIdleInGroup(int from, int nxt, boolean threads) {
        for (int i = 1; i <= ncpus; i++) {
            int c = (from + i) % ncpus;
            if (idlersScratch.contains(c) && cpus.contains(c) && inGroup(c, nxt, threads)) {
                return c;
            }
        }
        return nxt;
    }

    /**
     * {@code __runq_tickle}: {@code svc} was just queued on its pCPU; make the right pCPU reschedule. That pCPU
     * itself if it is idle, or if no pCPU is idle and {@code svc} outranks what runs there (a pinned vCPU whose pCPU
     * is idle, at once); otherwise, if idle pCPUs exist, the next one (round robin) within its soft, then hard,
     * affinity, which will steal it; failing that, its own pCPU if {@code svc} outranks what runs there.
     */
    void tickle(CreditUnit svc, long now) {
        Vcpu v = svc.vcpu;
        int cpu = svc.cpu;
        int curPri = currentPri(cpu);
        boolean idlersEmpty = idlers.isEmpty();
        int target = -1;
        if (svc.pinned && idlers.contains(cpu)) {
            target = cpu;
        } else if (curPri == CreditUnit.PRI_IDLE || (idlersEmpty && svc.pri > curPri)) {
            target = cpu;
        } else if (!idlersEmpty) {
            for (int step = BALANCE_SOFT_AFFINITY; step <= BALANCE_HARD_AFFINITY && target < 0; step++) {
                if (step == BALANCE_SOFT_AFFINITY && !hasSoftAffinity(v)) {
                    continue;
                }
                balanceMask(v, step, tickleScratch);
                tickleScratch.and(idlers);
                boolean newIdlersEmpty = tickleScratch.isEmpty();
                if (newIdlersEmpty && step == BALANCE_SOFT_AFFINITY) {
                    continue;
                }
                if (newIdlersEmpty && svc.pri > curPri) {
                    target = cpu;
                } else if (!newIdlersEmpty) {
                    lastTickleCpu = cycle(lastTickleCpu, tickleScratch);
                    target = lastTickleCpu;
                }
            }
        }
        if (target >= 0) {
            host.trace(now, TraceEvent.TRC_CSCHED_TICKLE, v, target, 0);
            idlers.clear(target);
            host.tickle(target);
        }
    }
}
