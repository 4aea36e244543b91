package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pvsim.dom0.xlcfg.CpuSet;
import org.pvsim.dom0.xlcfg.DomainConfigReader;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.XenSchedulerId;

/**
 * What {@code xl create} does with a domain's scheduling keys while it builds the domain, through hypercalls:
 *
 * <ul>
 *   <li>{@link #applyAffinity} ({@code libxl__build_pre}, {@code tools/libs/light/libxl_dom.c}): for each vCPU that
 *       {@code cpus} or {@code cpus_soft} names, one {@code XEN_DOMCTL_setvcpuaffinity} setting both maps; a refusal
 *       fails the creation ("setting affinity failed on vcpu `N'").
 *   <li>{@link #applyParams} ({@code libxl__build_post}: {@code libxl_domain_sched_params_set} with the scheduler left
 *       unknown): the running scheduler ({@code XEN_SYSCTL_sched_id}) decides which keys apply: {@code cpu_weight}
 *       and {@code cap} under credit and credit2 (read, change, write back), {@code period} and {@code extratime}
 *       under RTDS (every vCPU; xl.cfg has no budget key, so RTDS's default budget stays), nothing under null.
 * </ul>
 *
 * A key the running scheduler does not have is ignored, as libxl ignores it; libxl says nothing about it, pvsim adds
 * a warning (returned, and printed on dom0's console) when the key differs from its default, because a scenario
 * author who sets {@code cap} under RTDS most likely expects it to act. pvsim's round-robin {@code rr} (unknown to
 * libxl, which would fail the creation with "Unknown scheduler") has no parameters: every scheduling key is ignored,
 * with the same warnings.
 */
final class BuildSchedulingSettings {
    private static final int CREDIT = XenSchedulerId.XEN_SCHEDULER_CREDIT.code;
    private static final int CREDIT2 = XenSchedulerId.XEN_SCHEDULER_CREDIT2.code;
    private static final int RTDS = XenSchedulerId.XEN_SCHEDULER_RTDS.code;

    private final Libxl libxl;
    private final LibxlSched sched;

    BuildSchedulingSettings(Hypercalls hc, Map<Integer, String> names, XlConsole con) {
        this.libxl = new Libxl(hc, names, con);
        this.sched = new LibxlSched(libxl);
    }

    /** Sets the affinity of each vCPU {@code cpus}/{@code cpus_soft} name; throws on the first refusal. */
    void applyAffinity(int domid, DomainBuildSpec spec) throws ToolstackException {
        if (!spec.cpus().isSet() && !spec.cpusSoft().isSet()) {
            return;
        }
        int nrCpus = libxl.maxCpus();
        if (nrCpus < 0) {
            throw ToolstackException.failed("XEN_SYSCTL_physinfo", nrCpus);
        }
        for (int v = 0; v < spec.maxVcpus(); v++) {
            Optional<CpuSet> hard = spec.cpus().forVcpu(v);
            Optional<CpuSet> soft = spec.cpusSoft().forVcpu(v);
            if (hard.isEmpty() && soft.isEmpty()) {
                continue;
            }
            BitSet h = hard.map(s -> s.toBitSet(nrCpus)).orElse(null);
            BitSet s = soft.map(x -> x.toBitSet(nrCpus)).orElse(null);
            if (sched.setVcpuAffinity(domid, v, h, s, false, nrCpus) != 0) {
                throw new ToolstackException("setting affinity failed on vcpu `" + v + "'");
            }
        }
    }

    /**
     * Applies the keys the running scheduler has; returns a warning for each key set away from its default that it
     * does not have. Throws if the scheduler refuses a value.
     */
    List<String> applyParams(int domid, DomainBuildSpec spec) throws ToolstackException {
        long id = libxl.sched.schedId();
        if (id < 0) {
            throw ToolstackException.failed("XEN_SYSCTL_sched_id", id);
        }
        String name = Optional.ofNullable(Libxl.schedulerName((int) id)).orElse("rr");
        List<String> ignored = new ArrayList<>();
        boolean credit = id == CREDIT || id == CREDIT2;
        boolean rtds = id == RTDS;
        if (!credit) {
            if (spec.cpuWeight() != DomainConfigReader.DEFAULT_CPU_WEIGHT) {
                ignored.add("cpu_weight=" + spec.cpuWeight());
            }
            if (spec.cap() != 0) {
                ignored.add("cap=" + spec.cap());
            }
        }
        if (!rtds) {
            if (spec.rtdsPeriodUs() != DomainConfigReader.DEFAULT_RTDS_PERIOD_US) {
                ignored.add("period=" + spec.rtdsPeriodUs());
            }
            if (!spec.rtdsExtratime()) {
                ignored.add("extratime=0");
            }
        }
        LibxlSched.DomainParams p = new LibxlSched.DomainParams();
        p.sched = (int) id;
        if (credit) {
            p.weight = spec.cpuWeight();
            p.cap = spec.cap();
        } else if (rtds) {
            p.period = spec.rtdsPeriodUs();
            p.extratime = spec.rtdsExtratime() ? 1 : 0;
        }
        if ((credit || rtds) && sched.domainSet(domid, p) != 0) {
            throw new ToolstackException(
                    "setting the " + name + " scheduler's parameters failed" + " (libxl_domain_sched_params_set)");
        }
        List<String> warnings = new ArrayList<>();
        for (String key : ignored) {
            warnings.add(spec.name() + ": " + key + " is ignored: the " + name + " scheduler has no such parameter");
        }
        return warnings;
    }
}
