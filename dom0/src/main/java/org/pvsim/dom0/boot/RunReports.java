package org.pvsim.dom0.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pvsim.dom0.report.ConsoleFile;
import org.pvsim.dom0.report.DomainStats;
import org.pvsim.dom0.report.FairShare;
import org.pvsim.dom0.report.HostStats;
import org.pvsim.dom0.report.RunReport;
import org.pvsim.dom0.report.SchedulingStats;
import org.pvsim.dom0.report.VcpuStats;
import org.pvsim.dom0.report.XlDomainState;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.toolstack.Toolstack;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.DomInfoFlags;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.control.DomainInfo;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.sched.WakeLatency;

/**
 * The report of a finished run, read from the hypervisor's state at the end: every domain that still exists, with the
 * state letters {@code xl list} would print (from the same flags {@code XEN_DOMCTL_getdomaininfo} returns), its CPU
 * time, memory, vCPU runstate times and hypercall counts.
 */
final class RunReports {
    private RunReports() {}

    static RunReport build(
            ResolvedScenario scenario,
            Hypervisor hv,
            Toolstack toolstack,
            long journalRecords,
            String journalSha256,
            long wallNs,
            List<String> warnings) {
        long now = hv.now();
        List<DomainStats> domains = new ArrayList<>();
        for (Domain d : hv.domains().all()) {
            domains.add(domain(d, toolstack, now));
        }
        HostStats host = new HostStats(
                hv.machine().nrPcpus(),
                (long) hv.machine().nrFrames() * 4,
                (long) hv.machine().allocator().freeCount() * 4);
        return new RunReport(
                        scenario.name(),
                        scenario.seed(),
                        now,
                        wallNs,
                        journalRecords,
                        journalSha256,
                        warnings,
                        host,
                        domains,
                        scheduling(hv, toolstack, now))
                .withConsoles(consoles(hv, toolstack));
    }

    /**
     * The console logs xenconsoled would leave: {@code hypervisor.log} (Xen's console ring, what {@code xl dmesg}
     * reads) and one {@code guest-NAME.log} per guest whose console it served, by name.
     */
    static List<ConsoleFile> consoles(Hypervisor hv, Toolstack toolstack) {
        List<ConsoleFile> files = new ArrayList<>();
        files.add(new ConsoleFile(ConsoleFile.HYPERVISOR_LOG, hv.console().text()));
        if (toolstack.xenconsoled() != null) {
            toolstack.xenconsoled().logs().values().forEach(l -> files.add(new ConsoleFile(l.fileName(), l.text())));
        }
        return files;
    }

    /**
     * The scheduling figures. The fair share is computed over what each domain asked for: its demand is the time its
     * vCPUs were running or runnable (waiting for a pCPU), so an idle dom0 is not entitled to CPU it never wanted.
     */
    static SchedulingStats scheduling(Hypervisor hv, Toolstack toolstack, long now) {
        SchedulerCore sched = hv.sched();
        List<Long> busy = new ArrayList<>();
        for (int p = 0; p < hv.machine().nrPcpus(); p++) {
            busy.add(sched.busyTime(p, now));
        }
        List<Domain> all = new ArrayList<>(hv.domains().all());
        int n = all.size();
        int[] weights = new int[n];
        int[] caps = new int[n];
        double[] limits = new double[n];
        boolean weighted = true;
        SchedParams params = new SchedParams();
        for (int i = 0; i < n; i++) {
            Domain d = all.get(i);
            boolean hasParams = sched.policy().getDomainParams(d, params.clear()) == 0 && params.weight > 0;
            weighted &= hasParams;
            weights[i] = hasParams ? params.weight : -1;
            caps[i] = hasParams ? params.cap : -1;
            double demand = 0;
            for (int v = 0; v < d.maxVcpus(); v++) {
                Vcpu vcpu = d.vcpu(v);
                demand += vcpu.runstateTime(RunstateKind.RUNSTATE_running, now)
                        + vcpu.runstateTime(RunstateKind.RUNSTATE_runnable, now);
            }
            demand = now == 0 ? 0 : 100.0 * demand / now;
            limits[i] = hasParams && params.cap > 0 ? Math.min(demand, params.cap) : demand;
        }
        double[] fair = weighted ? FairShare.entitlements(hv.machine().nrPcpus(), weights, limits) : null;
        List<SchedulingStats.DomainScheduling> domains = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Domain d = all.get(i);
            String name = toolstack.name(d.domid());
            WakeLatency l = sched.wakeLatency(d.domid());
            long migrations = 0;
            for (int v = 0; v < d.maxVcpus(); v++) {
                migrations += d.vcpu(v).migrations();
            }
            domains.add(new SchedulingStats.DomainScheduling(
                    d.domid(),
                    name != null ? name : "(null)",
                    weights[i],
                    caps[i],
                    now == 0 ? 0 : 100.0 * d.cpuTime(now) / now,
                    fair != null ? fair[i] : -1,
                    l == null ? 0 : l.count(),
                    l == null ? 0 : l.percentile(50),
                    l == null ? 0 : l.percentile(99),
                    l == null ? 0 : l.max(),
                    migrations));
        }
        return new SchedulingStats(sched.policy().name(), busy, domains);
    }

    private static DomainStats domain(Domain d, Toolstack toolstack, long now) {
        String name = toolstack.name(d.domid());
        List<VcpuStats> vcpus = new ArrayList<>();
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            vcpus.add(new VcpuStats(
                    i,
                    v.runstateTime(RunstateKind.RUNSTATE_running, now),
                    v.runstateTime(RunstateKind.RUNSTATE_runnable, now),
                    v.runstateTime(RunstateKind.RUNSTATE_blocked, now),
                    v.runstateTime(RunstateKind.RUNSTATE_offline, now)));
        }
        Map<String, Long> calls = new TreeMap<>();
        for (Hypercall h : Hypercall.values()) {
            long n = d.hypercallCount(h.number);
            if (n > 0) {
                calls.put(h.name(), n);
            }
        }
        return new DomainStats(
                d.domid(),
                name != null ? name : "(null)",
                state(d),
                d.cpuTime(now),
                d.totPages() * 4,
                d.maxPages() * 4,
                d.onlineVcpus(),
                vcpus,
                calls);
    }

    /** The six {@code xl list} state letters, from the flags Xen's {@code getdomaininfo} reports. */
    static XlDomainState state(Domain d) {
        int flags = DomainInfo.flags(d);
        boolean shutdown = (flags & DomInfoFlags.XEN_DOMINF_shutdown) != 0;
        ShutdownReason reason = shutdown
                ? ShutdownReason.ofCode(
                        (flags >>> DomInfoFlags.XEN_DOMINF_shutdownshift) & DomInfoFlags.XEN_DOMINF_shutdownmask)
                : null;
        if (shutdown && reason == null) {
            reason = ShutdownReason.SHUTDOWN_poweroff;
        }
        return new XlDomainState(
                (flags & DomInfoFlags.XEN_DOMINF_running) != 0,
                (flags & DomInfoFlags.XEN_DOMINF_blocked) != 0,
                (flags & DomInfoFlags.XEN_DOMINF_paused) != 0,
                shutdown,
                reason,
                (flags & DomInfoFlags.XEN_DOMINF_dying) != 0);
    }
}
