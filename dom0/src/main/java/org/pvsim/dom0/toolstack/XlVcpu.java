package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.pvsim.guest.hypercall.HypercallResult;
import org.pvsim.guest.hypercall.VcpuAffinity;
import org.pvsim.guest.hypercall.VcpuInfo;
import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.DomctlVcpuAffinityDescriptor;

/**
 * {@code xl vcpu-list} and {@code xl vcpu-pin} ({@code main_vcpulist}, {@code main_vcpupin} in {@code
 * tools/xl/xl_vcpu.c}, over {@code libxl_list_vcpu} and {@code libxl_set_vcpuaffinity*}): the same table, branches and
 * messages. Each returns xl's exit status.
 */
final class XlVcpu {
    private static final int FAILURE = 1;

    /** One row of {@code libxl_list_vcpu}. */
    record Row(int vcpuid, VcpuInfo info, BitSet hard, BitSet soft) {}

    private final Libxl libxl;
    private final LibxlSched sched;
    private final XlConsole con;

    XlVcpu(Libxl libxl) {
        this.libxl = libxl;
        this.sched = new LibxlSched(libxl);
        this.con = libxl.con;
    }

    // ------------------------------------------------------------------------------------------------- vcpu-list

    /** {@code main_vcpulist}: always exits 0, unless a domain name is unknown. */
    int list(XlCommand.VcpuList c) {
        int nrCpus = libxl.maxCpus();
        if (nrCpus < 0) {
            con.eprintf("libxl_physinfo failed.\n");
            return 0;
        }
        con.printf(
                "%-32s %5s %5s %5s %5s %9s %s\n",
                "Name", "ID", "VCPU", "CPU", "State", "Time(s)", "Affinity (Hard / Soft)");
        if (c.domains().isEmpty()) {
            List<Libxl.DomInfo> domains = libxl.listDomains();
            if (domains == null) {
                con.eprintf("libxl_list_domain failed.\n");
                return 0;
            }
            for (Libxl.DomInfo d : domains) {
                printDomain(d.domid(), nrCpus);
            }
            return 0;
        }
        for (String name : c.domains()) {
            int domid = libxl.findDomain(name);
            if (domid < 0) {
                return FAILURE;
            }
            printDomain(domid, nrCpus);
        }
        return 0;
    }

    private void printDomain(int domid, int nrCpus) {
        List<Row> rows = listVcpu(domid, nrCpus);
        if (rows == null) {
            return;
        }
        String name = libxl.domidToName(domid);
        for (Row r : rows) {
            con.printf("%-32s %5u %5u", name, domid, r.vcpuid());
            VcpuInfo i = r.info();
            if (!i.online()) {
                con.printf("%5c %3c%cp ", '-', '-', '-');
            } else {
                con.printf("%5u %3c%c- ", i.cpu(), i.running() ? 'r' : '-', i.blocked() ? 'b' : '-');
            }
            // xl converts the nanoseconds to float before dividing
            con.printf("%9.1f  ", (double) (float) i.cpuTimeNs() / 1e9);
            con.print(XlConsole.bitmap(r.hard(), nrCpus));
            con.print(" / ");
            con.print(XlConsole.bitmap(r.soft(), nrCpus));
            con.print("\n");
        }
    }

    /** {@code libxl_list_vcpu}: each vCPU's state and both affinities, or {@code null} (logged) on failure. */
    List<Row> listVcpu(int domid, int nrCpus) {
        Libxl.DomInfo info = libxl.domainInfo(domid, "libxl_domain.c:1671:libxl_list_vcpu", "Getting dominfo");
        if (info == null || info.maxVcpuId() == DomctlGetDomainInfoDescriptor.XEN_INVALID_MAX_VCPU_ID) {
            return null;
        }
        List<Row> rows = new ArrayList<>();
        for (int v = 0; v <= info.maxVcpuId(); v++) {
            HypercallResult<VcpuInfo> vi = libxl.sched.getVcpuInfo(domid, v);
            if (!vi.ok()) {
                libxl.log(
                        XlConsole.Level.ERROR,
                        "libxl_domain.c:1695:libxl_list_vcpu",
                        domid,
                        vi.rc(),
                        "Getting vcpu info");
                return null;
            }
            HypercallResult<VcpuAffinity> aff = libxl.sched.getVcpuAffinity(
                    domid,
                    v,
                    DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_SOFT
                            | DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_HARD,
                    nrCpus);
            if (!aff.ok()) {
                libxl.log(
                        XlConsole.Level.ERROR,
                        "libxl_domain.c:1702:libxl_list_vcpu",
                        domid,
                        aff.rc(),
                        "Getting vcpu affinity");
                return null;
            }
            rows.add(new Row(v, vi.value(), aff.value().hard(), aff.value().soft()));
        }
        return rows;
    }

    // -------------------------------------------------------------------------------------------------- vcpu-pin

    /** {@code main_vcpupin}. */
    int pin(XlCommand.VcpuPin c) {
        int domid = libxl.findDomain(c.domain());
        if (domid < 0) {
            return FAILURE;
        }
        int nrCpus = libxl.maxCpus();
        if (nrCpus < 0) {
            return FAILURE;
        }
        BitSet hard = c.hard().map(h -> h.resolve(nrCpus)).orElse(null);
        BitSet soft = c.soft().map(s -> s.resolve(nrCpus)).orElse(null);
        if (hard != null) {
            if (libxl.domainInfo(domid, "libxl_domain.c:356:libxl_domain_info", "Getting domain info") == null) {
                con.eprintf("Could not get domain info\n");
                return FAILURE;
            }
            // apply_global_affinity_masks with xl.conf's default masks (every CPU): only an empty map is refused
            if (hard.isEmpty()) {
                con.eprintf("vcpu hard affinity map is empty\n");
                return FAILURE;
            }
        }
        if (c.force() || c.vcpu() != -1) {
            if (sched.setVcpuAffinity(domid, c.vcpu(), hard, soft, c.force(), nrCpus) != 0) {
                con.eprintf("Could not set affinity for vcpu `%d'.\n", c.vcpu());
                return FAILURE;
            }
            return 0;
        }
        List<Row> rows = listVcpu(domid, nrCpus);
        if (rows == null) {
            con.eprintf("libxl_list_vcpu failed.\n");
            return FAILURE;
        }
        boolean failed = false;
        for (int v = 0; v < rows.size(); v++) {
            if (sched.setVcpuAffinity(domid, v, hard, soft, false, nrCpus) != 0) {
                libxl.log(
                        XlConsole.Level.WARN,
                        "libxl_sched.c:124:libxl_set_vcpuaffinity_all",
                        domid,
                        0,
                        "Failed to set affinity for " + v);
                failed = true;
            }
        }
        if (failed) {
            con.eprintf("Could not set affinity.\n");
        }
        return 0;
    }
}
