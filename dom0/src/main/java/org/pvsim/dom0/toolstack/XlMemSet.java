package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlMaxMemDescriptor;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * {@code xl mem-set DOMAIN SIZE} ({@code main_memset} in {@code tools/xl/xl_mem.c}, {@code libxl_set_memory_target}
 * with {@code enforce}): the domain's balloon target. The size is read as xl's {@code parse_mem_size_kb} reads it: a
 * decimal number with an optional unit {@code b}, {@code k}, {@code m}, {@code g} or {@code t}, MiB when there is none.
 * libxl refuses a target above {@code memory/static-max}, then raises Xen's limit to the target plus {@code
 * LIBXL_MAXMEM_CONSTANT} ({@code XEN_DOMCTL_max_mem}) and writes {@code memory/target}; the guest's balloon driver,
 * watching that node, gives pages back or takes them again.
 *
 * @param domain the domain, by name or id
 * @param size the size as typed
 */
public record XlMemSet(String domain, String size) implements XlCommand, XlRunnable {
    /** Checks the arguments are there. */
    public XlMemSet {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(size, "size");
    }

    @Override
    public String name() {
        return "mem-set";
    }

    @Override
    public List<String> argv() {
        return List.of("xl", name(), domain, size);
    }

    /** xl's {@code parse_mem_size_kb}: KiB, or -1 for a size it does not read. */
    static long parseMemSizeKb(String mem) {
        int end = 0;
        while (end < mem.length() && Character.isDigit(mem.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 15 || mem.length() - end > 1) {
            return -1;
        }
        long kb = Long.parseLong(mem.substring(0, end));
        char unit = end == mem.length() ? 'm' : Character.toLowerCase(mem.charAt(end));
        return switch (unit) {
            case 't' -> kb << 30;
            case 'g' -> kb << 20;
            case 'm' -> kb << 10;
            case 'k' -> kb;
            case 'b' -> kb >> 10;
            default -> -1;
        };
    }

    @Override
    public int run(Libxl libxl) {
        int domid = libxl.findDomain(domain);
        if (domid < 0) {
            return 1;
        }
        long kb = parseMemSizeKb(size);
        if (kb < 0) {
            libxl.con.eprintf("invalid memory size: %s\n", size);
            return 1;
        }
        if (setMemoryTarget(libxl, domid, kb) != 0) {
            libxl.con.eprintf("cannot set domid %d dynamic max memory to : %s\n", domid, size);
            return 1;
        }
        return 0;
    }

    /** {@code libxl_set_memory_target(ctx, domid, kb, 0, 1)}: 0, or a libxl error (logged). */
    private static int setMemoryTarget(Libxl libxl, int domid, long kb) {
        XsSocket xs = LibxlLife.xs(libxl);
        String dom = "/local/domain/" + domid;
        long staticMax;
        try {
            staticMax = Long.parseLong(xs.read(XsSocket.XBT_NULL, dom + "/memory/static-max"));
        } catch (XsException | NumberFormatException e) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_mem.c:258:libxl_set_memory_target",
                    domid,
                    0,
                    "Cannot get memory info from " + dom + "/memory/static-max");
            return LibxlError.FAIL;
        }
        if (kb > staticMax) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_mem.c:287:libxl_set_memory_target",
                    domid,
                    0,
                    "memory_dynamic_max must be less than or equal to memory_static_max");
            return LibxlError.INVAL;
        }
        byte[] op = Domctl.op(DomctlCmd.XEN_DOMCTL_max_mem, domid);
        LittleEndian.putI64(
                op, Domctl.U + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET, kb + Toolstack.LIBXL_MAXMEM_CONSTANT_KIB);
        long rc = libxl.hc.domctl(op);
        if (rc < 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_mem.c:310:libxl_set_memory_target",
                    domid,
                    rc,
                    "xc_domain_setmaxmem failed");
            return LibxlError.FAIL;
        }
        try {
            xs.write(XsSocket.XBT_NULL, dom + "/memory/target", Long.toString(kb));
        } catch (XsException e) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_mem.c:330:libxl_set_memory_target",
                    domid,
                    0,
                    "Cannot write " + dom + "/memory/target: " + e.errno());
            return LibxlError.FAIL;
        }
        return 0;
    }
}
