package org.pvsim.hypervisor.sched.credit;

import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.SchedulerHost;

/**
 * Credit's load balancing ({@code csched_load_balance}, {@code csched_runq_steal}): a pCPU whose best local choice is
 * OVER or idle looks at the runqueues of the other busy pCPUs, in a rotating order, for a queued vCPU of strictly
 * higher priority that may run here, first among the vCPUs whose soft affinity includes it, then by hard affinity.
 * It skips yielding vCPUs, vCPUs still cache-hot on their pCPU ({@code vcpu_migration_delay}), pCPUs with nothing
 * queued and pCPUs that are idle (they will run their own work).
 *
 * <p>Invariant: a stolen vCPU leaves its runqueue and now belongs to the stealing pCPU, whose {@code nr_runnable}
 * counts it; its hard affinity contains that pCPU. No allocation.
 */
final class CreditLoadBalancer {
    private final SchedulerHost host;
    private final CreditTunables tun;
    private final CreditPcpu[] pcpus;
    private final CpuMask idlers;
    private final CpuMask scratch;
    /** {@code balance_bias} of the host's single NUMA node: the peer last stolen from. */
    private int balanceBias;

    CreditLoadBalancer(SchedulerHost host, CreditTunables tun, CreditPcpu[] pcpus, CpuMask idlers) {
        this.host = host;
        this.tun = tun;
        this.pcpus = pcpus;
        this.idlers = idlers;
        this.scratch = CpuMask.none(pcpus.length);
    }

    /** A pCPU other than {@code cpu} that is not in the idlers mask. */
    private boolean isWorker(int peer, int cpu) {
        return peer != cpu && !idlers.contains(peer);
    }

    /** The worker after {@code from}, wrapping; -1 if there is none. */
    private int nextWorker(int from, int cpu) {
        int n = pcpus.length;
        for (int i = 1; i <= n; i++) {
            int c = (from + i) % n;
            if (isWorker(c, cpu)) {
                return c;
            }
        }
        return -1;
    }

    /**
     * {@code csched_load_balance}: a vCPU of priority above {@code pri} stolen for {@code cpu}, or {@code null}.
     */
    CreditUnit balance(int cpu, int pri, long now) {
        for (int step = CreditPlacement.BALANCE_SOFT_AFFINITY; step <= CreditPlacement.BALANCE_HARD_AFFINITY; step++) {
            int first = nextWorker(balanceBias, cpu);
            if (first < 0) {
                continue;
            }
            int peer = first;
            do {
                if (pcpus[peer].nrRunnable <= 1) {
                    host.trace(now, TraceEvent.TRC_CSCHED_STEAL_CHECK, null, peer, 0);
                } else {
                    host.trace(now, TraceEvent.TRC_CSCHED_STEAL_CHECK, null, peer, 1);
                    CreditUnit speer = steal(peer, cpu, pri, step, now);
                    if (speer != null) {
                        // Start from the next peer next time, so as not to always rob the same one.
                        balanceBias = peer;
                        return speer;
                    }
                }
                peer = nextWorker(peer, cpu);
            } while (peer != first && peer >= 0);
        }
        return null;
    }

    /** {@code csched_runq_steal}: the first suitable vCPU of {@code peer}'s runqueue above {@code pri}, taken. */
    private CreditUnit steal(int peer, int cpu, int pri, int step, long now) {
        if (host.current(peer) == null) {
            return null;
        }
        CreditPcpu from = pcpus[peer];
        for (CreditUnit speer = from.first(); speer != null; speer = speer.runqNext) {
            if (speer.pri <= pri) {
                break;
            }
            if (speer.yielding || speer.vcpu.isRunning()) {
                continue;
            }
            if (step == CreditPlacement.BALANCE_SOFT_AFFINITY && !CreditPlacement.hasSoftAffinity(speer.vcpu)) {
                continue;
            }
            CreditPlacement.balanceMask(speer.vcpu, step, scratch);
            if (!isCacheHot(speer, now) && scratch.contains(cpu)) {
                host.trace(now, TraceEvent.TRC_CSCHED_STOLEN_UNIT, speer.vcpu, peer, cpu);
                from.remove(speer);
                from.nrRunnable--;
                speer.cpu = cpu;
                pcpus[cpu].nrRunnable++;
                return speer;
            }
        }
        return null;
    }

    /** {@code __csched_vcpu_is_cache_hot}: descheduled less than {@code vcpu_migration_delay} ago. */
    private boolean isCacheHot(CreditUnit svc, long now) {
        return tun.unitMigrDelayNs != 0 && now - svc.lastSchedTime < tun.unitMigrDelayNs;
    }
}
