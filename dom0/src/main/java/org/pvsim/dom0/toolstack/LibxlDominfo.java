package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pvsim.hypervisor.abi.DomInfoFlags;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlGetDomainInfoListDescriptor;

/**
 * {@code libxl_dominfo}: one domain as {@code libxl__xcinfo2xlinfo} ({@code tools/libs/light/libxl_domain.c}) turns
 * Xen's {@code xen_domctl_getdomaininfo} into it — flags split into booleans, pages into KiB, the shutdown reason
 * only while shut down. Read by {@link #list} ({@code libxl_list_domain}, {@code XEN_SYSCTL_getdomaininfolist} in
 * batches) and {@link #info} ({@code libxl_domain_info}, {@code XEN_DOMCTL_getdomaininfo}).
 *
 * @param domid the domain's id
 * @param uuid the 16-byte handle
 * @param flags Xen's {@code XEN_DOMINF_*} flags, shutdown code included
 * @param currentMemkb {@code tot_pages} in KiB
 * @param outstandingMemkb {@code outstanding_pages} in KiB
 * @param maxMemkb {@code max_pages} in KiB
 * @param cpuTimeNs CPU time used, ns
 * @param vcpuMaxId the highest vCPU id
 * @param vcpuOnline vCPUs online
 * @param ssidref the XSM security reference ({@code ssidref}; 0 under the dummy policy)
 */
record LibxlDominfo(
        int domid,
        byte[] uuid,
        int flags,
        long currentMemkb,
        long outstandingMemkb,
        long maxMemkb,
        long cpuTimeNs,
        int vcpuMaxId,
        int vcpuOnline,
        int ssidref) {

    /** {@code libxl_domain_info}'s answer: the information, or a libxl error code. */
    record Lookup(int rc, LibxlDominfo info) {}

    private static final int LIST_BATCH = 64;
    private static final int KIB_PER_PAGE = 4;

    /** The domain is dying ({@code XEN_DOMINF_dying}). */
    boolean dying() {
        return (flags & DomInfoFlags.XEN_DOMINF_dying) != 0;
    }

    /** The domain has shut down ({@code XEN_DOMINF_shutdown}). */
    boolean shutdown() {
        return (flags & DomInfoFlags.XEN_DOMINF_shutdown) != 0;
    }

    /** The domain is paused. */
    boolean paused() {
        return (flags & DomInfoFlags.XEN_DOMINF_paused) != 0;
    }

    /** Every vCPU that could run is blocked. */
    boolean blocked() {
        return (flags & DomInfoFlags.XEN_DOMINF_blocked) != 0;
    }

    /** A vCPU is running. */
    boolean running() {
        return (flags & DomInfoFlags.XEN_DOMINF_running) != 0;
    }

    /** {@code never_stop}: the domain runs xenstored ({@code XEN_DOMINF_xs_domain}); {@code shutdown -a} skips it. */
    boolean neverStop() {
        return (flags & DomInfoFlags.XEN_DOMINF_xs_domain) != 0;
    }

    /** The shutdown reason code while shut down, else {@code LIBXL_SHUTDOWN_REASON_UNKNOWN} (-1). */
    int shutdownReason() {
        return shutdown() ? DomInfoFlags.shutdownCode(flags) : -1;
    }

    @Override
    public byte[] uuid() {
        return uuid.clone();
    }

    /** The handle as {@code LIBXL_UUID_FMT} prints it: {@code 8-4-4-4-12} lower-case hex digits. */
    String uuidString() {
        return uuidString(uuid);
    }

    /** {@code LIBXL_UUID_FMT} of a 16-byte handle. */
    static String uuidString(byte[] u) {
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            sb.append(String.format(Locale.ROOT, "%02x", u[i] & 0xff));
        }
        return sb.toString();
    }

    /**
     * {@code libxl_list_domain}: every domain, in id order; on failure logs {@code "getting domain info list"} and
     * returns {@code null}.
     */
    static List<LibxlDominfo> list(Libxl libxl) {
        List<LibxlDominfo> out = new ArrayList<>();
        int size = DomctlGetDomainInfoDescriptor.SIZE;
        int first = 0;
        while (true) {
            long buffer = libxl.hc.buffer(LIST_BATCH * size);
            byte[] op = new byte[SysctlDescriptor.SIZE];
            LittleEndian.putI32(op, SysctlDescriptor.CMD_OFFSET, SysctlCmd.XEN_SYSCTL_getdomaininfolist.code);
            LittleEndian.putI32(
                    op, SysctlDescriptor.INTERFACE_VERSION_OFFSET, SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION);
            int b = SysctlDescriptor.U_GETDOMAININFOLIST_OFFSET;
            LittleEndian.putU16(op, b + SysctlGetDomainInfoListDescriptor.FIRST_DOMAIN_OFFSET, first);
            LittleEndian.putI32(op, b + SysctlGetDomainInfoListDescriptor.MAX_DOMAINS_OFFSET, LIST_BATCH);
            LittleEndian.putI64(op, b + SysctlGetDomainInfoListDescriptor.BUFFER_OFFSET, buffer);
            long rc = libxl.hc.sysctl(op);
            if (rc < 0) {
                libxl.log(
                        XlConsole.Level.ERROR,
                        "libxl_domain.c:337:libxl_list_domain",
                        -1,
                        rc,
                        "getting domain info list");
                return null;
            }
            int n = LittleEndian.getI32(op, b + SysctlGetDomainInfoListDescriptor.NUM_DOMAINS_OFFSET);
            byte[] infos = new byte[n * size];
            libxl.cpu().read(buffer, infos, 0, infos.length);
            for (int i = 0; i < n; i++) {
                out.add(decode(infos, i * size));
            }
            if (n < LIST_BATCH) {
                return out;
            }
            first = out.get(out.size() - 1).domid() + 1;
        }
    }

    /**
     * {@code libxl_domain_info}: on failure logs {@code "Getting domain info"} with the errno and answers {@code
     * ERROR_DOMAIN_NOTFOUND} for {@code ESRCH}, {@code ERROR_FAIL} otherwise.
     */
    static Lookup info(Libxl libxl, int domid) {
        byte[] op = Domctl.op(DomctlCmd.XEN_DOMCTL_getdomaininfo, domid);
        long rc = libxl.hc.domctl(op);
        if (rc < 0) {
            libxl.log(XlConsole.Level.ERROR, "libxl_domain.c:356:libxl_domain_info", domid, rc, "Getting domain info");
            return new Lookup(rc == Errno.ESRCH.neg() ? LibxlError.DOMAIN_NOTFOUND : LibxlError.FAIL, null);
        }
        return new Lookup(0, decode(op, DomctlDescriptor.U_GETDOMAININFO_OFFSET));
    }

    /**
     * {@code xc_domain_getinfo_single} without logging: the domain's information, or {@code null} if Xen does not
     * know it (for libxl's own checks that log their own way).
     */
    static LibxlDominfo probe(Libxl libxl, int domid) {
        byte[] op = Domctl.op(DomctlCmd.XEN_DOMCTL_getdomaininfo, domid);
        return libxl.hc.domctl(op) < 0 ? null : decode(op, DomctlDescriptor.U_GETDOMAININFO_OFFSET);
    }

    private static LibxlDominfo decode(byte[] buf, int off) {
        byte[] uuid = new byte[16];
        System.arraycopy(buf, off + DomctlGetDomainInfoDescriptor.HANDLE_OFFSET, uuid, 0, 16);
        return new LibxlDominfo(
                LittleEndian.getU16(buf, off + DomctlGetDomainInfoDescriptor.DOMAIN_OFFSET),
                uuid,
                LittleEndian.getI32(buf, off + DomctlGetDomainInfoDescriptor.FLAGS_OFFSET),
                LittleEndian.getI64(buf, off + DomctlGetDomainInfoDescriptor.TOT_PAGES_OFFSET) * KIB_PER_PAGE,
                LittleEndian.getI64(buf, off + DomctlGetDomainInfoDescriptor.OUTSTANDING_PAGES_OFFSET) * KIB_PER_PAGE,
                LittleEndian.getI64(buf, off + DomctlGetDomainInfoDescriptor.MAX_PAGES_OFFSET) * KIB_PER_PAGE,
                LittleEndian.getI64(buf, off + DomctlGetDomainInfoDescriptor.CPU_TIME_OFFSET),
                LittleEndian.getI32(buf, off + DomctlGetDomainInfoDescriptor.MAX_VCPU_ID_OFFSET),
                LittleEndian.getI32(buf, off + DomctlGetDomainInfoDescriptor.NR_ONLINE_VCPUS_OFFSET),
                LittleEndian.getI32(buf, off + DomctlGetDomainInfoDescriptor.SSIDREF_OFFSET));
    }
}
