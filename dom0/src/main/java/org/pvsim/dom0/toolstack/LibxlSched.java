package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.pvsim.guest.hypercall.DomctlSchedParams;
import org.pvsim.guest.hypercall.HypercallResult;
import org.pvsim.guest.hypercall.SysctlSchedParams;
import org.pvsim.guest.hypercall.VcpuAffinity;
import org.pvsim.hypervisor.abi.DomctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.DomctlVcpuAffinityDescriptor;
import org.pvsim.hypervisor.abi.SysctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.XenSchedulerId;

/**
 * libxl's scheduling calls ({@code tools/libs/light/libxl_sched.c}) over dom0's hypercalls, with libxl's checks, its
 * read-modify-write of a domain's parameters and its log lines. Each returns 0 or a libxl error ({@link #ERROR_FAIL},
 * {@link Libxl#ERROR_INVAL}); results come back in the objects passed in, as in libxl.
 */
final class LibxlSched {
    /** {@code ERROR_FAIL}. */
    static final int ERROR_FAIL = -3;
    /** {@code LIBXL_DOMAIN_SCHED_PARAM_*_DEFAULT}: a parameter not given. */
    static final int DEFAULT = -1;

    private static final int CREDIT = XenSchedulerId.XEN_SCHEDULER_CREDIT.code;
    private static final int CREDIT2 = XenSchedulerId.XEN_SCHEDULER_CREDIT2.code;
    private static final int RTDS = XenSchedulerId.XEN_SCHEDULER_RTDS.code;
    private static final int NULL = XenSchedulerId.XEN_SCHEDULER_NULL.code;
    private static final int ARINC653 = XenSchedulerId.XEN_SCHEDULER_ARINC653.code;

    /** {@code libxl_domain_sched_params}: a field left at {@link #DEFAULT} is not set. */
    static final class DomainParams {
        int sched = Libxl.SCHEDULER_UNKNOWN;
        int weight = DEFAULT;
        int cap = DEFAULT;
        int period = DEFAULT;
        int budget = DEFAULT;
        int extratime = DEFAULT;
    }

    /** {@code libxl_sched_params}: one vCPU's RTDS parameters. */
    static final class VcpuParams {
        int vcpuid;
        long period;
        long budget;
        boolean extratime;

        VcpuParams(int vcpuid, long period, long budget, boolean extratime) {
            this.vcpuid = vcpuid;
            this.period = period;
            this.budget = budget;
            this.extratime = extratime;
        }
    }

    private final Libxl libxl;

    LibxlSched(Libxl libxl) {
        this.libxl = libxl;
    }

    // -------------------------------------------------------------------------------------------- domain params

    /** {@code libxl_domain_sched_params_get}. */
    int domainGet(int domid, DomainParams out) {
        out.sched = libxl.domainScheduler(domid);
        if (out.sched == CREDIT || out.sched == CREDIT2) {
            boolean c1 = out.sched == CREDIT;
            XenSchedulerId id = XenSchedulerId.ofCode(out.sched);
            HypercallResult<DomctlSchedParams> r = libxl.sched.getDomainParams(domid, id);
            if (!r.ok()) {
                libxl.log(
                        XlConsole.Level.ERROR,
                        c1 ? "libxl_sched.c:203:sched_credit_domain_get" : "libxl_sched.c:408:sched_credit2_domain_get",
                        domid,
                        r.rc(),
                        c1 ? "Getting domain sched credit" : "Getting domain sched credit2");
                return ERROR_FAIL;
            }
            if (r.value() instanceof DomctlSchedParams.Credit p) {
                out.weight = p.weight();
                out.cap = p.cap();
            } else if (r.value() instanceof DomctlSchedParams.Credit2 p) {
                out.weight = p.weight();
                out.cap = p.cap();
            }
            return 0;
        }
        if (out.sched == RTDS) {
            HypercallResult<DomctlSchedParams> r =
                    libxl.sched.getDomainParams(domid, XenSchedulerId.XEN_SCHEDULER_RTDS);
            if (!r.ok()) {
                libxl.log(
                        XlConsole.Level.ERROR,
                        "libxl_sched.c:718:sched_rtds_domain_get",
                        domid,
                        r.rc(),
                        "Getting domain sched rtds");
                return ERROR_FAIL;
            }
            DomctlSchedParams.Rtds p = (DomctlSchedParams.Rtds) r.value();
            out.period = (int) p.periodUs();
            out.budget = (int) p.budgetUs();
            return 0;
        }
        if (out.sched == NULL) {
            return 0;
        }
        libxl.log(
                XlConsole.Level.ERROR,
                "libxl_sched.c:901:libxl_domain_sched_params_get",
                domid,
                0,
                "Unknown scheduler");
        return Libxl.ERROR_INVAL;
    }

    /** {@code libxl_domain_sched_params_set}: for {@code in.sched}, or the domain's scheduler if unknown. */
    int domainSet(int domid, DomainParams in) {
        int sched = in.sched == Libxl.SCHEDULER_UNKNOWN ? libxl.domainScheduler(domid) : in.sched;
        if (sched == CREDIT || sched == CREDIT2) {
            return creditSet(domid, in, sched == CREDIT);
        }
        if (sched == RTDS) {
            return rtdsSet(domid, in);
        }
        if (sched == NULL || sched == ARINC653) {
            return 0;
        }
        libxl.log(
                XlConsole.Level.ERROR,
                "libxl_sched.c:794:libxl_domain_sched_params_set",
                domid,
                0,
                "Unknown scheduler");
        return Libxl.ERROR_INVAL;
    }

    /** {@code sched_credit_domain_set} and {@code sched_credit2_domain_set}: read, change what was given, write. */
    private int creditSet(int domid, DomainParams in, boolean c1) {
        String func = c1 ? "sched_credit_domain_set" : "sched_credit2_domain_set";
        String suffix = c1 ? "credit" : "credit2";
        Libxl.DomInfo info =
                libxl.domainInfo(domid, "libxl_sched.c:" + (c1 ? 224 : 429) + ":" + func, "Getting domain info");
        if (info == null) {
            return Libxl.ERROR_INVAL;
        }
        XenSchedulerId id = c1 ? XenSchedulerId.XEN_SCHEDULER_CREDIT : XenSchedulerId.XEN_SCHEDULER_CREDIT2;
        HypercallResult<DomctlSchedParams> r = libxl.sched.getDomainParams(domid, id);
        if (!r.ok()) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:" + (c1 ? 230 : 435) + ":" + func,
                    domid,
                    r.rc(),
                    "Getting domain sched " + suffix);
            return ERROR_FAIL;
        }
        int weight = r.value() instanceof DomctlSchedParams.Credit p
                ? p.weight()
                : ((DomctlSchedParams.Credit2) r.value()).weight();
        int cap = r.value() instanceof DomctlSchedParams.Credit p
                ? p.cap()
                : ((DomctlSchedParams.Credit2) r.value()).cap();
        if (in.weight != DEFAULT) {
            if (in.weight < 1 || in.weight > 65535) {
                libxl.log(
                        XlConsole.Level.ERROR,
                        "libxl_sched.c:" + (c1 ? 236 : 441) + ":" + func,
                        domid,
                        0,
                        "Cpu weight out of range, valid values are within range from 1 to 65535");
                return Libxl.ERROR_INVAL;
            }
            weight = in.weight;
        }
        if (in.cap != DEFAULT) {
            int max = (info.maxVcpuId() + 1) * 100;
            if (in.cap < 0 || in.cap > max) {
                libxl.log(
                        XlConsole.Level.ERROR,
                        "libxl_sched.c:" + (c1 ? 246 : 451) + ":" + func,
                        domid,
                        0,
                        "Cpu cap out of range, valid range is from 0 to " + max + " for specified number of vcpus");
                return Libxl.ERROR_INVAL;
            }
            cap = in.cap;
        }
        DomctlSchedParams p =
                c1 ? new DomctlSchedParams.Credit(weight, cap) : new DomctlSchedParams.Credit2(weight, cap);
        long rc = libxl.sched.putDomainParams(domid, p);
        if (rc < 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:" + (c1 ? 256 : 461) + ":" + func,
                    domid,
                    rc,
                    "Setting domain sched " + suffix);
            return ERROR_FAIL;
        }
        return 0;
    }

    /** {@code sched_rtds_domain_set}: read the defaults, change what was given, set every vCPU. */
    private int rtdsSet(int domid, DomainParams in) {
        HypercallResult<DomctlSchedParams> r = libxl.sched.getDomainParams(domid, XenSchedulerId.XEN_SCHEDULER_RTDS);
        if (!r.ok()) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:739:sched_rtds_domain_set",
                    domid,
                    r.rc(),
                    "Getting domain sched rtds");
            return ERROR_FAIL;
        }
        DomctlSchedParams.Rtds got = (DomctlSchedParams.Rtds) r.value();
        long period = in.period != DEFAULT ? in.period : got.periodUs();
        long budget = in.budget != DEFAULT ? in.budget : got.budgetUs();
        int flags = in.extratime != 0
                ? got.flags() | DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDRT_extra
                : got.flags() & ~DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDRT_extra;
        if (validateRtds((int) period, (int) budget) != 0) {
            return Libxl.ERROR_INVAL;
        }
        long rc = libxl.sched.putDomainParams(domid, new DomctlSchedParams.Rtds(period, budget, flags));
        if (rc < 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:756:sched_rtds_domain_set",
                    domid,
                    rc,
                    "Setting domain sched rtds");
            return ERROR_FAIL;
        }
        return 0;
    }

    /** {@code sched_rtds_validate_params}. */
    int validateRtds(int period, int budget) {
        String where = "libxl_sched.c:%d:sched_rtds_validate_params";
        if (period < 1) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    String.format(where, 473),
                    -1,
                    0,
                    "Invalid VCPU period of " + period + " (it should be >= 1)");
            return Libxl.ERROR_INVAL;
        }
        if (budget < 1) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    String.format(where, 479),
                    -1,
                    0,
                    "Invalid VCPU budget of " + budget + " (it should be >= 1)");
            return Libxl.ERROR_INVAL;
        }
        if (budget > period) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    String.format(where, 485),
                    -1,
                    0,
                    "VCPU budget must be smaller than or equal to period, but " + budget + " > " + period);
            return Libxl.ERROR_INVAL;
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------ per-vCPU (RTDS)

    /**
     * {@code libxl_vcpu_sched_params_get} ({@code all} false: the vCPUs of {@code inOut}) and {@code _get_all} (every
     * vCPU, appended to {@code inOut}).
     */
    int vcpuGet(int domid, boolean all, List<VcpuParams> inOut) {
        int sched = libxl.domainScheduler(domid);
        String func = all ? "libxl_vcpu_sched_params_get_all" : "libxl_vcpu_sched_params_get";
        if (sched == CREDIT || sched == CREDIT2 || sched == ARINC653 || sched == NULL) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:" + (all ? 960 : 927) + ":" + func,
                    domid,
                    0,
                    "per-VCPU parameter getting not supported for this scheduler");
            return Libxl.ERROR_INVAL;
        }
        if (sched != RTDS) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:" + (all ? 967 : 934) + ":" + func,
                    domid,
                    0,
                    "Unknown scheduler");
            return Libxl.ERROR_INVAL;
        }
        String rtdsFunc = all ? "sched_rtds_vcpu_get_all" : "sched_rtds_vcpu_get";
        Libxl.DomInfo info =
                libxl.domainInfo(domid, "libxl_sched.c:" + (all ? 560 : 506) + ":" + rtdsFunc, "Getting domain info");
        if (info == null) {
            return ERROR_FAIL;
        }
        int[] ids;
        if (all) {
            if (!inOut.isEmpty()) {
                return Libxl.ERROR_INVAL;
            }
            ids = new int[info.maxVcpuId() + 1];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
        } else {
            if (inOut.isEmpty()) {
                return Libxl.ERROR_INVAL;
            }
            ids = new int[inOut.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = inOut.get(i).vcpuid;
                if (ids[i] < 0 || ids[i] > info.maxVcpuId()) {
                    libxl.log(
                            XlConsole.Level.ERROR,
                            "libxl_sched.c:520:sched_rtds_vcpu_get",
                            domid,
                            0,
                            "VCPU index is out of range, valid values are within range from 0 to " + info.maxVcpuId());
                    return Libxl.ERROR_INVAL;
                }
            }
        }
        HypercallResult<List<DomctlSchedParams>> r =
                libxl.sched.getVcpuParams(domid, XenSchedulerId.XEN_SCHEDULER_RTDS, ids);
        if (!r.ok()) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:" + (all ? 577 : 532) + ":" + rtdsFunc,
                    domid,
                    r.rc(),
                    "Getting vcpu sched rtds");
            return ERROR_FAIL;
        }
        inOut.clear();
        for (int i = 0; i < ids.length; i++) {
            DomctlSchedParams.Rtds p = (DomctlSchedParams.Rtds) r.value().get(i);
            inOut.add(new VcpuParams(ids[i], p.periodUs(), p.budgetUs(), p.extratime()));
        }
        return 0;
    }

    /**
     * {@code libxl_vcpu_sched_params_set} for RTDS ({@code sched_rtds_vcpu_set}), or with {@code all} {@code
     * _set_all} ({@code sched_rtds_vcpu_set_all}: {@code params} holds one element, given to every vCPU).
     */
    int vcpuSet(int domid, boolean all, List<VcpuParams> params) {
        String func = all ? "sched_rtds_vcpu_set_all" : "sched_rtds_vcpu_set";
        Libxl.DomInfo info =
                libxl.domainInfo(domid, "libxl_sched.c:" + (all ? 671 : 610) + ":" + func, "Getting domain info");
        if (info == null) {
            return ERROR_FAIL;
        }
        if (all ? params.size() != 1 : params.isEmpty()) {
            return Libxl.ERROR_INVAL;
        }
        for (VcpuParams p : params) {
            if (!all && (p.vcpuid < 0 || p.vcpuid > info.maxVcpuId())) {
                libxl.log(
                        XlConsole.Level.ERROR,
                        "libxl_sched.c:623:sched_rtds_vcpu_set",
                        domid,
                        0,
                        "Invalid VCPU " + p.vcpuid + ": valid range is [0, " + info.maxVcpuId() + "]");
                return Libxl.ERROR_INVAL;
            }
            if (validateRtds((int) p.period, (int) p.budget) != 0) {
                return Libxl.ERROR_INVAL;
            }
        }
        List<VcpuParams> each = params;
        if (all) {
            VcpuParams p = params.get(0);
            each = new ArrayList<>();
            for (int i = 0; i <= info.maxVcpuId(); i++) {
                each.add(new VcpuParams(i, p.period, p.budget, p.extratime));
            }
        }
        int[] ids = new int[each.size()];
        List<DomctlSchedParams> values = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            VcpuParams p = each.get(i);
            ids[i] = p.vcpuid;
            values.add(new DomctlSchedParams.Rtds(
                    p.period & 0xFFFF_FFFFL,
                    p.budget & 0xFFFF_FFFFL,
                    p.extratime ? DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDRT_extra : 0));
        }
        long rc = libxl.sched.putVcpuParams(domid, ids, values);
        if (rc < 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:" + (all ? 701 : 649) + ":" + func,
                    domid,
                    rc,
                    "Setting vcpu sched rtds");
            return ERROR_FAIL;
        }
        return 0;
    }

    // ----------------------------------------------------------------------------------------------- pool params

    /** {@code libxl_sched_credit_params_get} / {@code libxl_sched_credit2_params_get}; {@code null} on failure. */
    SysctlSchedParams poolGet(boolean credit2) {
        HypercallResult<SysctlSchedParams> r = libxl.sched.getPoolParams(
                0, credit2 ? XenSchedulerId.XEN_SCHEDULER_CREDIT2 : XenSchedulerId.XEN_SCHEDULER_CREDIT);
        if (!r.ok()) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    credit2
                            ? "libxl_sched.c:360:libxl_sched_credit2_params_get"
                            : "libxl_sched.c:285:libxl_sched_credit_params_get",
                    -1,
                    r.rc(),
                    credit2 ? "getting Credit2 scheduler parameters" : "getting Credit scheduler parameters");
            return null;
        }
        return r.value();
    }

    /** {@code libxl_sched_credit_params_set}: libxl's range checks, then the sysctl. */
    int creditPoolSet(SysctlSchedParams.Credit p) {
        String where = "libxl_sched.c:%d:libxl_sched_credit_params_set";
        if (p.tsliceMs() < SysctlSchedulerOpDescriptor.XEN_SYSCTL_CSCHED_TSLICE_MIN
                || p.tsliceMs() > SysctlSchedulerOpDescriptor.XEN_SYSCTL_CSCHED_TSLICE_MAX) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    String.format(where, 309),
                    -1,
                    0,
                    "Time slice out of range, valid range is from "
                            + SysctlSchedulerOpDescriptor.XEN_SYSCTL_CSCHED_TSLICE_MIN + " to "
                            + SysctlSchedulerOpDescriptor.XEN_SYSCTL_CSCHED_TSLICE_MAX);
            return Libxl.ERROR_INVAL;
        }
        if (ratelimitCheck(p.ratelimitUs()) != 0) {
            return Libxl.ERROR_INVAL;
        }
        if (p.ratelimitUs() > p.tsliceMs() * 1000) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    String.format(where, 319),
                    -1,
                    0,
                    "Ratelimit cannot be greater than timeslice");
            return Libxl.ERROR_INVAL;
        }
        if (p.vcpuMigrDelayUs() > SysctlSchedulerOpDescriptor.XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    String.format(where, 324),
                    -1,
                    0,
                    "vcpu migration delay should be >= 0 and <= "
                            + SysctlSchedulerOpDescriptor.XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US + "us");
            return Libxl.ERROR_INVAL;
        }
        return poolPut(p, "libxl_sched.c:336:libxl_sched_credit_params_set", "Setting Credit scheduler parameters");
    }

    /** {@code libxl_sched_credit2_params_set}. */
    int credit2PoolSet(SysctlSchedParams.Credit2 p) {
        if (ratelimitCheck(p.ratelimitUs()) != 0) {
            return Libxl.ERROR_INVAL;
        }
        return poolPut(p, "libxl_sched.c:387:libxl_sched_credit2_params_set", "Setting Credit2 scheduler parameters");
    }

    private int poolPut(SysctlSchedParams p, String where, String message) {
        HypercallResult<SysctlSchedParams> r = libxl.sched.putPoolParams(0, p);
        if (!r.ok()) {
            libxl.log(XlConsole.Level.ERROR, where, -1, r.rc(), message);
            return ERROR_FAIL;
        }
        return 0;
    }

    /** {@code sched_ratelimit_check}: 0, or 100..500000 µs. */
    private int ratelimitCheck(long ratelimit) {
        if (ratelimit != 0
                && (ratelimit < SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHED_RATELIMIT_MIN
                        || ratelimit > SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHED_RATELIMIT_MAX)) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:268:sched_ratelimit_check",
                    -1,
                    0,
                    "Ratelimit out of range, valid range is from "
                            + SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHED_RATELIMIT_MIN + " to "
                            + SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHED_RATELIMIT_MAX);
            return Libxl.ERROR_INVAL;
        }
        return 0;
    }

    // ----------------------------------------------------------------------------------------------- affinity

    /**
     * {@code libxl__set_vcpuaffinity}: sets the maps given ({@code null}: leave it) on a host of {@code nrCpus} CPUs,
     * with {@code force} adding {@code XEN_VCPUAFFINITY_FORCE}; warns when the effective soft affinity is empty.
     */
    int setVcpuAffinity(int domid, int vcpu, BitSet hard, BitSet soft, boolean force, int nrCpus) {
        int flags = force ? DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_FORCE : 0;
        if (hard == null && soft == null && flags == 0) {
            return Libxl.ERROR_INVAL;
        }
        if (hard != null) {
            flags |= DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_HARD;
        }
        if (soft != null) {
            flags |= DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_SOFT;
        }
        HypercallResult<VcpuAffinity> r = libxl.sched.setVcpuAffinity(
                domid,
                vcpu,
                flags,
                hard == null ? null : hard.get(0, nrCpus),
                soft == null ? null : soft.get(0, nrCpus),
                nrCpus);
        if (!r.ok()) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:62:libxl__set_vcpuaffinity",
                    domid,
                    r.rc(),
                    "Setting vcpu affinity");
            return ERROR_FAIL;
        }
        if (soft != null && r.value().soft().isEmpty()) {
            libxl.log(
                    XlConsole.Level.WARN,
                    "libxl_sched.c:84:libxl__set_vcpuaffinity",
                    domid,
                    0,
                    "All cpus in soft affinity of vcpu " + vcpu
                            + " are unreachable. Only hard affinity will be considered for scheduling");
        }
        return 0;
    }
}
