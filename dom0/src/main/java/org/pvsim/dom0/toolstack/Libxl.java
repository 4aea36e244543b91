package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pvsim.dom0.backend.XenbusBackendBus;
import org.pvsim.dom0.daemon.Xenconsoled;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.hypercall.SchedulerControl;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlGetDomainInfoListDescriptor;
import org.pvsim.hypervisor.abi.SysctlPhysinfoDescriptor;
import org.pvsim.hypervisor.abi.XenSchedulerId;

/**
 * The part of libxl ({@code tools/libs/light}) the xl scheduling commands use, over hypercalls from dom0: domain
 * lists and information ({@code libxl_list_domain}, {@code xc_domain_getinfo_single}), names ({@code
 * libxl_domid_to_name}, {@code libxl_name_to_domid}; pvsim keeps them in the toolstack instead of xenstore), the host's
 * CPUs ({@code libxl_get_max_cpus}) and a domain's scheduler ({@code libxl__domain_scheduler}). Errors are logged to the
 * command's {@link XlConsole} as libxl logs them.
 *
 * <p>pvsim has one CPU pool, Pool-0, holding every CPU and domain, whose scheduler is the host's: so a domain's
 * scheduler is {@code XEN_SYSCTL_sched_id}'s answer, where libxl asks {@code XEN_SYSCTL_cpupool_op} about the domain's
 * pool.
 */
final class Libxl {
    /** The name of pvsim's only CPU pool, as {@code libxl_cpupoolid_to_name(0)} reads it. */
    static final String POOL_0 = "Pool-0";

    /** {@code LIBXL_SCHEDULER_UNKNOWN}: no scheduler libxl knows of. */
    static final int SCHEDULER_UNKNOWN = 0;

    /** {@code ERROR_INVAL}, the libxl code xl prints for a bad domain name. */
    static final int ERROR_INVAL = -6;

    /** One domain as {@code getdomaininfo} describes it. */
    record DomInfo(int domid, int flags, int onlineVcpus, int maxVcpuId) {}

    private static final int LIST_BATCH = 64;

    final Hypercalls hc;
    final SchedulerControl sched;
    final XlConsole con;
    private final Map<Integer, String> names;

    /** The toolstack's xenstore connection, or {@code null} on a host without xenstore. */
    final XsSocket xs;
    /** The toolstack's domain life cycle, or {@code null} where commands may not create or destroy domains. */
    final LibxlLife.Lifecycle lifecycle;
    /** dom0's console daemon, whose buffered output {@code xl console} attaches to, or {@code null} without one. */
    final Xenconsoled consoles;
    /** dom0's backend bus, whose backends' counters {@code xl top} shows, or {@code null} without one. */
    final XenbusBackendBus backends;

    Libxl(Hypercalls hc, Map<Integer, String> names, XlConsole con) {
        this(hc, names, con, null, null, null);
    }

    Libxl(Hypercalls hc, Map<Integer, String> names, XlConsole con, XsSocket xs, LibxlLife.Lifecycle lifecycle) {
        this(hc, names, con, xs, lifecycle, null);
    }

    Libxl(
            Hypercalls hc,
            Map<Integer, String> names,
            XlConsole con,
            XsSocket xs,
            LibxlLife.Lifecycle lifecycle,
            Xenconsoled consoles) {
        this(hc, names, con, xs, lifecycle, consoles, null);
    }

    Libxl(
            Hypercalls hc,
            Map<Integer, String> names,
            XlConsole con,
            XsSocket xs,
            LibxlLife.Lifecycle lifecycle,
            Xenconsoled consoles,
            XenbusBackendBus backends) {
        this.backends = backends;
        this.consoles = consoles;
        this.hc = hc;
        this.sched = hc.schedulerControl();
        this.names = names;
        this.con = con;
        this.xs = xs;
        this.lifecycle = lifecycle;
    }

    GuestCpu cpu() {
        return hc.cpu();
    }

    /**
     * {@code libxl_domid_to_name}: {@code /local/domain/N/name} in xenstore, or {@code null} if it has none. On a host
     * without xenstore, the name the toolstack gave the domain when it built it.
     */
    String domidToName(int domid) {
        if (xs == null) {
            return names.get(domid);
        }
        try {
            return xs.read(XsSocket.XBT_NULL, "/local/domain/" + domid + "/name");
        } catch (org.pvsim.dom0.xenstore.XsException e) {
            return null;
        }
    }

    /** {@code libxl_list_domain}: every domain, in id order, or {@code null} if the sysctl failed. */
    List<DomInfo> listDomains() {
        List<DomInfo> out = new ArrayList<>();
        int first = 0;
        while (true) {
            int size = DomctlGetDomainInfoDescriptor.SIZE;
            long buffer = hc.buffer(LIST_BATCH * size);
            byte[] op = sysctl(SysctlCmd.XEN_SYSCTL_getdomaininfolist);
            int b = SysctlDescriptor.U_GETDOMAININFOLIST_OFFSET;
            LittleEndian.putU16(op, b + SysctlGetDomainInfoListDescriptor.FIRST_DOMAIN_OFFSET, first);
            LittleEndian.putI32(op, b + SysctlGetDomainInfoListDescriptor.MAX_DOMAINS_OFFSET, LIST_BATCH);
            LittleEndian.putI64(op, b + SysctlGetDomainInfoListDescriptor.BUFFER_OFFSET, buffer);
            long rc = hc.sysctl(op);
            if (rc < 0) {
                con.log(
                        XlConsole.Level.ERROR,
                        "libxl_domain.c",
                        337,
                        "libxl_list_domain",
                        -1,
                        rc,
                        "getting domain info list");
                return null;
            }
            int n = LittleEndian.getI32(op, b + SysctlGetDomainInfoListDescriptor.NUM_DOMAINS_OFFSET);
            byte[] infos = new byte[n * size];
            cpu().read(buffer, infos, 0, infos.length);
            for (int i = 0; i < n; i++) {
                out.add(decode(infos, i * size));
            }
            if (n < LIST_BATCH) {
                return out;
            }
            first = out.get(out.size() - 1).domid() + 1;
        }
    }

    private static DomInfo decode(byte[] buf, int off) {
        return new DomInfo(
                LittleEndian.getU16(buf, off + DomctlGetDomainInfoDescriptor.DOMAIN_OFFSET),
                LittleEndian.getI32(buf, off + DomctlGetDomainInfoDescriptor.FLAGS_OFFSET),
                LittleEndian.getI32(buf, off + DomctlGetDomainInfoDescriptor.NR_ONLINE_VCPUS_OFFSET),
                LittleEndian.getI32(buf, off + DomctlGetDomainInfoDescriptor.MAX_VCPU_ID_OFFSET));
    }

    /**
     * {@code xc_domain_getinfo_single}: {@code XEN_DOMCTL_getdomaininfo}. On failure logs {@code LOGED(ERROR, domid,
     * message)} at the caller's place ({@code where} is {@code "file:line:func"}) and returns {@code null}.
     */
    DomInfo domainInfo(int domid, String where, String message) {
        byte[] op = Domctl.op(DomctlCmd.XEN_DOMCTL_getdomaininfo, domid);
        long rc = hc.domctl(op);
        if (rc < 0) {
            log(XlConsole.Level.ERROR, where, domid, rc, message);
            return null;
        }
        return decode(op, DomctlDescriptor.U_GETDOMAININFO_OFFSET);
    }

    /** A libxl log line at {@code where} ({@code "file:line:func"}). */
    void log(XlConsole.Level level, String where, int domid, long rc, String message) {
        String[] w = where.split(":");
        con.log(level, w[0], Integer.parseInt(w[1]), w[2], domid, rc, message);
    }

    /** {@code libxl_get_max_cpus}: {@code max_cpu_id + 1} from {@code XEN_SYSCTL_physinfo}, or a negative errno. */
    int maxCpus() {
        byte[] op = sysctl(SysctlCmd.XEN_SYSCTL_physinfo);
        long rc = hc.sysctl(op);
        if (rc < 0) {
            return (int) rc;
        }
        return LittleEndian.getI32(op, SysctlDescriptor.U_PHYSINFO_OFFSET + SysctlPhysinfoDescriptor.MAX_CPU_ID_OFFSET)
                + 1;
    }

    /**
     * xl's {@code find_domain}: all digits is an id (not checked), anything else a name looked up among the domains.
     * An unknown name prints {@code "NAME is an invalid domain identifier (rc=-6)"} and gives -1 (xl exits with 1).
     */
    int findDomain(String qualifier) {
        if (!qualifier.isEmpty() && qualifier.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return (int)
                    Math.min(Long.parseUnsignedLong(qualifier.length() > 18 ? "4294967295" : qualifier), 0xFFFF_FFFFL);
        }
        List<DomInfo> domains = listDomains();
        if (domains != null) {
            for (DomInfo d : domains) {
                if (qualifier.equals(domidToName(d.domid()))) {
                    return d.domid();
                }
            }
        }
        con.eprintf("%s is an invalid domain identifier (rc=%d)\n", qualifier, ERROR_INVAL);
        return -1;
    }

    /**
     * {@code libxl__domain_scheduler}: the scheduler of the domain's pool, or {@link #SCHEDULER_UNKNOWN} if the domain
     * does not exist ({@code libxl__domain_cpupool} logs it) or the sysctl fails.
     */
    int domainScheduler(int domid) {
        if (domainInfo(domid, "libxl_dom.c:76:libxl__domain_cpupool", "get domaininfo failed") == null) {
            return SCHEDULER_UNKNOWN;
        }
        long id = sched.schedId();
        return id < 0 ? SCHEDULER_UNKNOWN : (int) id;
    }

    /** {@code libxl_scheduler_to_string}: "credit", ..., or {@code null} for an id libxl does not know. */
    static String schedulerName(int id) {
        XenSchedulerId s = XenSchedulerId.ofCode(id);
        if (s == null) {
            return null;
        }
        return switch (s) {
            case XEN_SCHEDULER_CREDIT -> "credit";
            case XEN_SCHEDULER_CREDIT2 -> "credit2";
            case XEN_SCHEDULER_ARINC653 -> "arinc653";
            case XEN_SCHEDULER_RTDS -> "rtds";
            case XEN_SCHEDULER_NULL -> "null";
        };
    }

    static byte[] sysctl(SysctlCmd cmd) {
        byte[] op = new byte[SysctlDescriptor.SIZE];
        LittleEndian.putI32(op, SysctlDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI32(
                op, SysctlDescriptor.INTERFACE_VERSION_OFFSET, SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION);
        return op;
    }
}
