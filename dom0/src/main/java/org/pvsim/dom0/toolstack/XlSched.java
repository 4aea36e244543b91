package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.pvsim.guest.hypercall.SysctlSchedParams;
import org.pvsim.hypervisor.abi.XenSchedulerId;

/**
 * {@code xl sched-credit}, {@code sched-credit2} and {@code sched-rtds} ({@code main_sched_credit}, {@code
 * main_sched_credit2}, {@code main_sched_rtds} in {@code tools/xl/xl_sched.c}): the same branches, tables and messages,
 * over {@link LibxlSched}. Each returns xl's exit status (0 or 1).
 *
 * <p>Listing without {@code -d} shows the pools whose scheduler is the one named, as xl does: when another scheduler
 * runs, xl prints nothing and succeeds. Naming a domain under another scheduler fails with libxl's complaint.
 */
final class XlSched {
    private static final int CREDIT = XenSchedulerId.XEN_SCHEDULER_CREDIT.code;
    private static final int CREDIT2 = XenSchedulerId.XEN_SCHEDULER_CREDIT2.code;
    private static final int RTDS = XenSchedulerId.XEN_SCHEDULER_RTDS.code;
    private static final int FAILURE = 1;

    private final Libxl libxl;
    private final LibxlSched sched;
    private final XlConsole con;

    XlSched(Libxl libxl) {
        this.libxl = libxl;
        this.sched = new LibxlSched(libxl);
        this.con = libxl.con;
    }

    // ---------------------------------------------------------------------------------------------- sched-credit

    int credit(XlCommand.SchedCredit c) {
        if (c.schedparam()) {
            if (c.tsliceMs().isEmpty()
                    && c.ratelimitUs().isEmpty()
                    && c.migrationDelayUs().isEmpty()) {
                creditPoolOutput();
                return 0;
            }
            SysctlSchedParams p = creditPoolGet(false);
            if (p == null) {
                return FAILURE;
            }
            SysctlSchedParams.Credit now = (SysctlSchedParams.Credit) p;
            SysctlSchedParams.Credit next = new SysctlSchedParams.Credit(
                    c.tsliceMs().isPresent() ? c.tsliceMs().getAsInt() & 0xFFFF_FFFFL : now.tsliceMs(),
                    c.ratelimitUs().isPresent() ? c.ratelimitUs().getAsInt() & 0xFFFF_FFFFL : now.ratelimitUs(),
                    c.migrationDelayUs().isPresent()
                            ? c.migrationDelayUs().getAsInt() & 0xFFFF_FFFFL
                            : now.vcpuMigrDelayUs());
            if (sched.creditPoolSet(next) != 0) {
                con.eprintf("libxl_sched_credit_params_set failed.\n");
                return FAILURE;
            }
            return 0;
        }
        if (c.domain().isEmpty()) {
            return domainOutput(CREDIT, this::creditDomainOutput, this::creditPoolOutput, false);
        }
        int domid = libxl.findDomain(c.domain().get());
        if (domid < 0) {
            return FAILURE;
        }
        if (c.weight().isEmpty() && c.cap().isEmpty()) {
            creditDomainOutput(-1);
            return creditDomainOutput(domid) != 0 ? FAILURE : 0;
        }
        LibxlSched.DomainParams p = new LibxlSched.DomainParams();
        p.sched = CREDIT;
        c.weight().ifPresent(w -> p.weight = w);
        c.cap().ifPresent(x -> p.cap = x);
        return domainSet(domid, p);
    }

    private int creditDomainOutput(int domid) {
        return weightCapOutput(CREDIT, domid);
    }

    private int creditPoolOutput() {
        SysctlSchedParams p = creditPoolGet(false);
        if (p == null) {
            con.printf("Cpupool %s: [sched params unavailable]\n", Libxl.POOL_0);
        } else {
            SysctlSchedParams.Credit c = (SysctlSchedParams.Credit) p;
            con.printf(
                    "Cpupool %s: tslice=%dms ratelimit=%dus migration-delay=%dus\n",
                    Libxl.POOL_0, c.tsliceMs(), c.ratelimitUs(), c.vcpuMigrDelayUs());
        }
        return 0;
    }

    /** xl's {@code sched_credit_params_get} / {@code sched_credit2_params_get}. */
    private SysctlSchedParams creditPoolGet(boolean credit2) {
        SysctlSchedParams p = sched.poolGet(credit2);
        if (p == null) {
            con.eprintf(
                    credit2 ? "libxl_sched_credit2_params_get failed.\n" : "libxl_sched_credit_params_get failed.\n");
        }
        return p;
    }

    // --------------------------------------------------------------------------------------------- sched-credit2

    int credit2(XlCommand.SchedCredit2 c) {
        if (c.schedparam()) {
            if (c.ratelimitUs().isEmpty()) {
                credit2PoolOutput();
                return 0;
            }
            if (sched.credit2PoolSet(
                            new SysctlSchedParams.Credit2(c.ratelimitUs().getAsInt() & 0xFFFF_FFFFL))
                    != 0) {
                con.eprintf("libxl_sched_credit2_params_set failed.\n");
                return FAILURE;
            }
            return 0;
        }
        if (c.domain().isEmpty()) {
            return domainOutput(CREDIT2, this::credit2DomainOutput, this::credit2PoolOutput, false);
        }
        int domid = libxl.findDomain(c.domain().get());
        if (domid < 0) {
            return FAILURE;
        }
        if (c.weight().isEmpty() && c.cap().isEmpty()) {
            credit2DomainOutput(-1);
            return credit2DomainOutput(domid) != 0 ? FAILURE : 0;
        }
        LibxlSched.DomainParams p = new LibxlSched.DomainParams();
        p.sched = CREDIT2;
        c.weight().ifPresent(w -> p.weight = w);
        c.cap().ifPresent(x -> p.cap = x);
        return domainSet(domid, p);
    }

    private int credit2DomainOutput(int domid) {
        return weightCapOutput(CREDIT2, domid);
    }

    private int credit2PoolOutput() {
        SysctlSchedParams p = creditPoolGet(true);
        if (p == null) {
            con.printf("Cpupool %s: [sched params unavailable]\n", Libxl.POOL_0);
        } else {
            con.printf("Cpupool %s: ratelimit=%dus\n", Libxl.POOL_0, ((SysctlSchedParams.Credit2) p).ratelimitUs());
        }
        return 0;
    }

    /** {@code sched_credit_domain_output} and {@code sched_credit2_domain_output}: the header for -1. */
    private int weightCapOutput(int scheduler, int domid) {
        if (domid < 0) {
            con.printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
            return 0;
        }
        LibxlSched.DomainParams p = new LibxlSched.DomainParams();
        if (domainGet(scheduler, domid, p) != 0) {
            return 1;
        }
        con.printf("%-33s %4d %6d %4d\n", libxl.domidToName(domid), domid, p.weight, p.cap);
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ sched-rtds

    int rtds(XlCommand.SchedRtds c) {
        if (c.domain().isEmpty()) {
            return c.allVcpus()
                    ? domainOutput(RTDS, this::rtdsVcpuOutputAll, this::rtdsPoolOutput, true)
                    : domainOutput(RTDS, this::rtdsDomainOutput, this::rtdsPoolOutput, false);
        }
        int domid = libxl.findDomain(c.domain().get());
        if (domid < 0) {
            return FAILURE;
        }
        if (c.vcpus().isEmpty() && !c.allVcpus()) {
            rtdsDomainOutput(-1);
            return rtdsDomainOutput(domid) != 0 ? FAILURE : 0;
        }
        if (!c.sets()) {
            rtdsVcpuOutputAll(-1);
            if (c.vcpus().isEmpty()) {
                return rtdsVcpuOutputAll(domid) != 0 ? FAILURE : 0;
            }
            List<LibxlSched.VcpuParams> ps = new ArrayList<>();
            c.vcpus().forEach(v -> ps.add(new LibxlSched.VcpuParams(v, 0, 0, false)));
            return rtdsVcpuRows(domid, false, ps);
        }
        List<LibxlSched.VcpuParams> ps = new ArrayList<>();
        if (!c.vcpus().isEmpty()) {
            for (int i = 0; i < c.vcpus().size(); i++) {
                ps.add(new LibxlSched.VcpuParams(
                        c.vcpus().get(i),
                        c.periods().get(i),
                        c.budgets().get(i),
                        c.extratimes().get(i) != 0));
            }
        } else {
            ps.add(new LibxlSched.VcpuParams(
                    0, c.periods().get(0), c.budgets().get(0), c.extratimes().get(0) != 0));
        }
        if (sched.vcpuSet(domid, c.vcpus().isEmpty(), ps) != 0) {
            con.eprintf(
                    c.vcpus().isEmpty()
                            ? "libxl_vcpu_sched_params_set_all failed.\n"
                            : "libxl_vcpu_sched_params_set failed.\n");
            return FAILURE;
        }
        return 0;
    }

    private int rtdsPoolOutput() {
        con.printf("Cpupool %s: sched=RTDS\n", Libxl.POOL_0);
        return 0;
    }

    /** {@code sched_rtds_domain_output}: libxl leaves extratime unset there, so it prints "yes", as xl does. */
    private int rtdsDomainOutput(int domid) {
        if (domid < 0) {
            con.printf("%-33s %4s %9s %9s %10s\n", "Name", "ID", "Period", "Budget", "Extratime");
            return 0;
        }
        LibxlSched.DomainParams p = new LibxlSched.DomainParams();
        if (domainGet(RTDS, domid, p) != 0) {
            return 1;
        }
        con.printf(
                "%-33s %4d %9d %9d %10s\n",
                libxl.domidToName(domid), domid, p.period, p.budget, p.extratime != 0 ? "yes" : "no");
        return 0;
    }

    /** {@code sched_rtds_vcpu_output_all}: the header for -1. */
    private int rtdsVcpuOutputAll(int domid) {
        if (domid < 0) {
            con.printf("%-33s %4s %4s %9s %9s %10s\n", "Name", "ID", "VCPU", "Period", "Budget", "Extratime");
            return 0;
        }
        return rtdsVcpuRows(domid, true, new ArrayList<>());
    }

    /** {@code sched_vcpu_get} / {@code sched_vcpu_get_all}, then the rows. */
    private int rtdsVcpuRows(int domid, boolean all, List<LibxlSched.VcpuParams> ps) {
        if (sched.vcpuGet(domid, all, ps) != 0) {
            con.eprintf(all ? "libxl_vcpu_sched_params_get_all failed.\n" : "libxl_vcpu_sched_params_get failed.\n");
            return FAILURE;
        }
        String name = libxl.domidToName(domid);
        for (LibxlSched.VcpuParams p : ps) {
            con.printf(
                    "%-33s %4d %4d %9u %9u %10s\n",
                    name, domid, p.vcpuid, p.period, p.budget, p.extratime ? "yes" : "no");
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ shared

    /** xl's {@code sched_domain_get}: the parameters, which must be {@code scheduler}'s. */
    private int domainGet(int scheduler, int domid, LibxlSched.DomainParams p) {
        if (sched.domainGet(domid, p) != 0) {
            con.eprintf("libxl_domain_sched_params_get failed.\n");
            return 1;
        }
        if (p.sched != scheduler) {
            con.eprintf(
                    "libxl_domain_sched_params_get returned %s not %s.\n",
                    Libxl.schedulerName(p.sched), Libxl.schedulerName(scheduler));
            return 1;
        }
        return 0;
    }

    /** xl's {@code sched_domain_set}. */
    private int domainSet(int domid, LibxlSched.DomainParams p) {
        if (sched.domainSet(domid, p) != 0) {
            con.eprintf("libxl_domain_sched_params_set failed.\n");
            return FAILURE;
        }
        return 0;
    }

    /**
     * xl's {@code sched_domain_output} and {@code sched_vcpu_output}: for each pool running {@code scheduler} (pvsim:
     * Pool-0, if it does), the pool line, the header and one row per domain; a row that fails stops the listing, and
     * for the per-vCPU listing ({@code fatal}) makes xl exit with 1, as {@code sched_vcpu_get_all} does.
     */
    private int domainOutput(
            int scheduler, IntUnaryOperator output, java.util.function.IntSupplier poolOutput, boolean fatal) {
        List<Libxl.DomInfo> domains = libxl.listDomains();
        if (domains == null) {
            con.eprintf("libxl_list_domain failed.\n");
            return FAILURE;
        }
        long poolSched = libxl.sched.schedId();
        if (poolSched < 0) {
            con.eprintf("error getting cpupool info\n");
            return FAILURE;
        }
        if (poolSched != scheduler) {
            return 0;
        }
        poolOutput.getAsInt();
        output.applyAsInt(-1);
        for (Libxl.DomInfo d : domains) {
            if (output.applyAsInt(d.domid()) != 0) {
                return fatal ? FAILURE : 0;
            }
        }
        return 0;
    }
}
