package org.pvsim.dom0.report;

import java.util.List;
import java.util.Objects;

/**
 * How the host's CPU time was shared: the scheduler that ran, each pCPU's busy time, and per domain its scheduling
 * parameters, the CPU it got, the share its parameters entitle it to, and how long its vCPUs waited to run after
 * waking.
 *
 * @param scheduler the policy's {@code sched=} name
 * @param pcpuBusyNs time each pCPU spent running vCPUs, by pCPU id
 * @param domains one entry per domain, in id order
 */
public record SchedulingStats(String scheduler, List<Long> pcpuBusyNs, List<DomainScheduling> domains) {
    public SchedulingStats {
        Objects.requireNonNull(scheduler, "scheduler");
        pcpuBusyNs = List.copyOf(pcpuBusyNs);
        domains = List.copyOf(domains);
    }

    /**
     * One domain's scheduling figures.
     *
     * @param id the domain id
     * @param name its name
     * @param weight credit/credit2 weight, or -1 when the policy has none
     * @param cap cap in % of one pCPU (0: none), or -1 when the policy has none
     * @param cpuPercent CPU time obtained over the run, in % of one pCPU (Xen's unit for caps)
     * @param fairPercent the share its parameters entitle it to when every domain wants all the CPU its vCPUs can use,
     *     in % of one pCPU, or -1 when the policy does not share by weight
     * @param wakeups wake-to-run latencies measured
     * @param latencyP50Ns median wake-to-run latency
     * @param latencyP99Ns 99th percentile
     * @param latencyMaxNs the largest
     * @param migrations times one of its vCPUs started on another pCPU than the one it last ran on
     */
    public record DomainScheduling(
            int id,
            String name,
            int weight,
            int cap,
            double cpuPercent,
            double fairPercent,
            long wakeups,
            long latencyP50Ns,
            long latencyP99Ns,
            long latencyMaxNs,
            long migrations) {
        public DomainScheduling {
            Objects.requireNonNull(name, "name");
        }
    }
}
