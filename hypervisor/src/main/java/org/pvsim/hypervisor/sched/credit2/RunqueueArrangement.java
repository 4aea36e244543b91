package org.pvsim.hypervisor.sched.credit2;

import org.pvsim.hypervisor.machine.CpuTopology;

/**
 * How credit2 groups pCPUs into runqueues: Xen's {@code credit2_runqueue=cpu|core|socket|node|all} boot option
 * ({@code opt_runqueue}, {@code OPT_RUNQUEUE_*}), and the placement of each pCPU ({@code cpu_add_to_runqueue},
 * {@code xen/common/sched/credit2.c}).
 *
 * <p>pvsim's host has no NUMA nodes, so {@link #NODE} groups by socket, as it would on a host with one node per
 * socket.
 */
public enum RunqueueArrangement {
    /** One runqueue per pCPU. */
    CPU("cpu"),
    /** One runqueue per core (its hyperthreads share it). */
    CORE("core"),
    /** One runqueue per socket: Xen's default. */
    SOCKET("socket"),
    /** One runqueue per NUMA node; pvsim: per socket. */
    NODE("node"),
    /** One runqueue for the whole host (still split above {@code sched_credit2_max_cpus_runqueue}). */
    ALL("all");

    /** Xen's name for the arrangement, as {@code credit2_runqueue=} takes it. */
    public final String xenName;

    RunqueueArrangement(String xenName) {
        this.xenName = xenName;
    }

    /** The arrangement called {@code name}, or {@code null}. */
    public static RunqueueArrangement of(String name) {
        for (RunqueueArrangement a : values()) {
            if (a.xenName.equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** Every name, in Xen's order. */
    public static String[] xenNames() {
        RunqueueArrangement[] all = values();
        String[] names = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            names[i] = all[i].xenName;
        }
        return names;
    }

    /**
     * Assigns each pCPU, in order, to a runqueue, as {@code cpu_add_to_runqueue} does when the pCPUs come online: a
     * pCPU joins an existing runqueue whose first pCPU it shares a core/socket with (per this arrangement), preferring
     * the one with fewest pCPUs, provided the runqueue has fewer than {@code nrPcpus / ceil(nrPcpus / maxCpus)} pCPUs
     * and room for the pCPU's hyperthread siblings; a pCPU whose sibling is already in a runqueue always joins it.
     * Otherwise it starts a new runqueue.
     *
     * @return the runqueue id (0-based, in order of creation) of each pCPU
     */
    public int[] assign(CpuTopology topology, int maxCpus) {
        int n = topology.nrPcpus();
        int minRqs = (n - 1) / maxCpus + 1;
        int maxCpusRunq = n / minRqs;
        int siblings = topology.threadsPerCore();
        int[] rqOf = new int[n];
        int[] first = new int[n];
        int[] refcnt = new int[n];
        int nrRqs = 0;
        for (int cpu = 0; cpu < n; cpu++) {
            int valid = -1;
            for (int rq = 0; rq < nrRqs; rq++) {
                if (!matches(topology, first[rq], cpu)) {
                    continue;
                }
                if (siblingInRunqueue(topology, rqOf, cpu, rq)) {
                    valid = rq;
                    break;
                }
                boolean room = this == ALL || (coresIn(topology, rqOf, cpu, rq) + 1) * siblings <= maxCpusRunq;
                if (refcnt[rq] < maxCpusRunq && room && (valid < 0 || refcnt[rq] < refcnt[valid])) {
                    valid = rq;
                }
            }
            if (valid < 0) {
                valid = nrRqs++;
                first[valid] = cpu;
            }
            rqOf[cpu] = valid;
            refcnt[valid]++;
        }
        return rqOf;
    }

    /** {@code cpu_runqueue_match}: whether {@code cpu} belongs with {@code peer} under this arrangement. */
    private boolean matches(CpuTopology t, int peer, int cpu) {
        switch (this) {
            case ALL:
                return true;
            case CORE:
                return t.socketOf(peer) == t.socketOf(cpu) && t.coreOf(peer) == t.coreOf(cpu);
            case SOCKET:
            case NODE:
                return t.socketOf(peer) == t.socketOf(cpu);
            default:
                return false;
        }
    }

    /** Whether a hyperthread sibling of {@code cpu} (an earlier pCPU) is in runqueue {@code rq}. */
    private static boolean siblingInRunqueue(CpuTopology t, int[] rqOf, int cpu, int rq) {
        for (int c = 0; c < cpu; c++) {
            if (rqOf[c] == rq && t.coreOf(c) == t.coreOf(cpu)) {
                return true;
            }
        }
        return false;
    }

    /** How many distinct cores the pCPUs before {@code cpu} in runqueue {@code rq} belong to. */
    private static int coresIn(CpuTopology t, int[] rqOf, int cpu, int rq) {
        int cores = 0;
        for (int c = 0; c < cpu; c++) {
            if (rqOf[c] != rq) {
                continue;
            }
            boolean seen = false;
            for (int d = 0; d < c; d++) {
                if (rqOf[d] == rq && t.coreOf(d) == t.coreOf(c)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                cores++;
            }
        }
        return cores;
    }
}
