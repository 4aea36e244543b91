package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlMaxMemDescriptor;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * {@code xl mem-max DOMAIN SIZE} ({@code main_memmax}, {@code set_memory_max} in {@code tools/xl/xl_mem.c}; {@code
 * libxl_domain_setmaxmem} in {@code tools/libs/light/libxl_mem.c}): the domain's static maximum. The size is read as
 * {@code xl mem-set} reads it ({@link XlMemSet#parseMemSizeKb}). libxl refuses a maximum below the balloon target
 * {@code memory/target}, raises Xen's limit to the maximum plus {@code LIBXL_MAXMEM_CONSTANT} ({@code
 * XEN_DOMCTL_max_mem}; {@code libxl__arch_extra_memory} on x86) and writes {@code memory/static-max}, which later
 * {@code xl mem-set}s are checked against. Nothing changes in the guest: its target stays where it was.
 *
 * @param domain the domain, by name or id
 * @param size the size as typed
 */
public record XlMemMax(String domain, String size) implements XlCommand, XlRunnable {
    /** Checks the arguments are there. */
    public XlMemMax {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(size, "size");
    }

    @Override
    public String name() {
        return "mem-max";
    }

    @Override
    public List<String> argv() {
        return List.of("xl", name(), domain, size);
    }

    @Override
    public int run(Libxl libxl) {
        int domid = libxl.findDomain(domain);
        if (domid < 0) {
            return 1;
        }
        long kb = XlMemSet.parseMemSizeKb(size);
        if (kb < 0) {
            libxl.con.eprintf("invalid memory size: %s\n", size);
            return 1;
        }
        if (setMaxMem(libxl, domid, kb) != 0) {
            libxl.con.eprintf("cannot set domid %u static max memory to : %s\n", domid, size);
            return 1;
        }
        return 0;
    }

    /** {@code libxl_domain_setmaxmem}: 0, or non-zero after libxl's log line (libxl's own "1" for most failures). */
    private static int setMaxMem(Libxl libxl, int domid, long maxKb) {
        XsSocket xs = LibxlLife.xs(libxl);
        String dom = "/local/domain/" + domid;
        String mem;
        try {
            mem = xs.read(XsSocket.XBT_NULL, dom + "/memory/target");
        } catch (XsException e) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_mem.c:47:libxl_domain_setmaxmem",
                    domid,
                    LibxlLife.errno(e),
                    "Cannot get memory info from " + dom + "/memory/target");
            return 1;
        }
        long targetKb = strtoull(mem);
        if (targetKb < 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_mem.c:53:libxl_domain_setmaxmem",
                    domid,
                    0,
                    "Invalid memory " + mem + " from " + dom + "/memory/target");
            return 1;
        }
        if (Long.compareUnsigned(maxKb, targetKb) < 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_mem.c:59:libxl_domain_setmaxmem",
                    domid,
                    0,
                    "memory_static_max must be greater than or or equal to memory_dynamic_max");
            return 1;
        }
        long memkb = maxKb + Toolstack.LIBXL_MAXMEM_CONSTANT_KIB;
        byte[] op = Domctl.op(DomctlCmd.XEN_DOMCTL_max_mem, domid);
        LittleEndian.putI64(op, Domctl.U + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET, memkb);
        long rc = libxl.hc.domctl(op);
        if (rc < 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_mem.c:78:libxl_domain_setmaxmem",
                    domid,
                    rc,
                    "xc_domain_setmaxmem domid=" + domid + " memkb=" + memkb + " failed rc=-1");
            return 1;
        }
        try {
            xs.write(XsSocket.XBT_NULL, dom + "/memory/static-max", Long.toString(maxKb));
        } catch (XsException e) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_mem.c:88:libxl_domain_setmaxmem",
                    domid,
                    LibxlLife.errno(e),
                    "Couldn't set " + dom + "/memory/static-max, rc=" + LibxlError.FAIL);
            return LibxlError.FAIL;
        }
        return 0;
    }

    /** {@code strtoull(mem, &end, 10)} with libxl's check that the whole string was read: the value, or -1. */
    private static long strtoull(String mem) {
        if (mem.isEmpty() || !mem.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return mem.isEmpty() ? 0 : -1;
        }
        return mem.length() > 18 ? -1 : Long.parseLong(mem);
    }
}
