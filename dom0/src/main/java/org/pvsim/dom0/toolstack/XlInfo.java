package org.pvsim.dom0.toolstack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlPhysinfoDescriptor;
import org.pvsim.hypervisor.abi.XenCompileInfoDescriptor;
import org.pvsim.hypervisor.abi.XenPlatformParametersDescriptor;
import org.pvsim.hypervisor.abi.XenVarbufDescriptor;
import org.pvsim.hypervisor.abi.XenVersionCmd;

/**
 * {@code xl info [NAME]} ({@code main_info}, {@code print_info} in {@code tools/xl/xl_info.c}): the host, one {@code
 * "%-23s: %s"} line per fact, in xl's order: dom0's kernel ({@code uname}), the host's CPUs and memory ({@code
 * libxl_get_physinfo}: {@code XEN_SYSCTL_physinfo}, and the page-sharing counts of {@code memory_op}, 0 when Xen has
 * no page sharing, as here), the hypervisor ({@code libxl_get_version_info}: {@code xen_version}'s commands, the
 * strings through the variable-length {@code *2} commands as libxc reads them; {@code libxl_get_scheduler}: {@code
 * XEN_SYSCTL_sched_id}), and {@code xend_config_format : 4}.
 *
 * <p>With {@code NAME}, only the lines whose name starts with it are printed, and only their value ({@code
 * maybe_printf}): {@code xl info free_memory} prints {@code 1234}.
 *
 * <p>What pvsim has no source for is printed as xl prints it when it has none: no build id ({@code XENVER_build_id}
 * is {@code -ENODATA}, libxc gives NULL and glibc prints {@code (null)}); a failed {@code physinfo} or {@code
 * xen_version} prints xl's {@code libxl_physinfo failed.} / {@code libxl_get_version_info failed.} and skips its
 * lines, as xl does. dom0's {@code uname} is {@link #UNAME}: pvsim's dom0 kernel has no host name, and Linux reports
 * {@code (none)} then. {@code free_cpus} is 0: pvsim has one CPU pool, Pool-0, holding every CPU ({@link Libxl}), so
 * no CPU is free, which is what {@code libxl_get_freecpus} finds on such a host.
 *
 * @param only the piece of information asked for ({@code info_name}), or empty for all
 */
public record XlInfo(Optional<String> only) implements XlCommand, XlRunnable {

    /** dom0's {@code struct utsname}: nodename, release, version, machine. */
    static final List<String> UNAME = List.of("(none)", "pvsim", "#1 SMP pvsim", "x86_64");

    /** {@code xend_config_format}, a constant of xl's. */
    static final int XEND_CONFIG_FORMAT = 4;

    /** Checks the argument. */
    public XlInfo {
        Objects.requireNonNull(only, "only");
    }

    @Override
    public String name() {
        return "info";
    }

    @Override
    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of("xl", name()));
        only.ifPresent(a::add);
        return List.copyOf(a);
    }

    @Override
    public int run(Libxl libxl) {
        Lines out = new Lines(libxl.con, only.orElse(null));
        out.line("host", UNAME.get(0));
        out.line("release", UNAME.get(1));
        out.line("version", UNAME.get(2));
        out.line("machine", UNAME.get(3));
        VersionInfo version = physinfo(libxl, out);
        xeninfo(libxl, out, version != null ? version : VersionInfo.read(libxl));
        out.line("xend_config_format", Integer.toString(XEND_CONFIG_FORMAT));
        return 0;
    }

    /** xl's {@code maybe_printf} over {@code "%-23s: %s\n"} lines. */
    private static final class Lines {
        private final XlConsole con;
        private final String only;

        Lines(XlConsole con, String only) {
            this.con = con;
            this.only = only;
        }

        void line(String key, String value) {
            raw(String.format(Locale.ROOT, "%-23s: %s\n", key, value));
        }

        void raw(String text) {
            if (only == null) {
                con.printf("%s", text);
            } else if (text.startsWith(only)) {
                int colon = text.indexOf(':');
                if (colon + 1 < text.length() && text.charAt(colon + 1) == ' ') {
                    con.printf("%s", text.substring(colon + 2));
                }
            }
        }
    }

    /** {@code output_physinfo}: the version information it read, or {@code null} if it stopped before. */
    private static VersionInfo physinfo(Libxl libxl, Lines out) {
        byte[] op = sysctl(SysctlCmd.XEN_SYSCTL_physinfo);
        long rc = libxl.hc.sysctl(op);
        long freed = rc < 0 ? 0 : sharingPages(libxl, MemoryOp.XENMEM_get_sharing_freed_pages, "freed pages", 379);
        long used = rc < 0 || freed < 0
                ? 0
                : sharingPages(libxl, MemoryOp.XENMEM_get_sharing_shared_pages, "used frames", 388);
        if (rc < 0) {
            libxl.log(XlConsole.Level.ERROR, "libxl.c:361:libxl_get_physinfo", -1, rc, "getting physinfo");
        }
        if (rc < 0 || freed < 0 || used < 0) {
            libxl.con.eprintf("libxl_physinfo failed.\n");
            return null;
        }
        int b = SysctlDescriptor.U_PHYSINFO_OFFSET;
        out.line("nr_cpus", Long.toString(u32(op, b + SysctlPhysinfoDescriptor.NR_CPUS_OFFSET)));
        out.line("max_cpu_id", Long.toString(u32(op, b + SysctlPhysinfoDescriptor.MAX_CPU_ID_OFFSET)));
        out.line("nr_nodes", Long.toString(u32(op, b + SysctlPhysinfoDescriptor.NR_NODES_OFFSET)));
        out.line("cores_per_socket", Long.toString(u32(op, b + SysctlPhysinfoDescriptor.CORES_PER_SOCKET_OFFSET)));
        out.line("threads_per_core", Long.toString(u32(op, b + SysctlPhysinfoDescriptor.THREADS_PER_CORE_OFFSET)));
        long khz = u32(op, b + SysctlPhysinfoDescriptor.CPU_KHZ_OFFSET);
        out.line("cpu_mhz", String.format(Locale.ROOT, "%d.%03d", khz / 1000, khz % 1000));
        StringBuilder hw = new StringBuilder();
        for (int i = 0; i < SysctlPhysinfoDescriptor.NR_HW_CAP; i++) {
            hw.append(i == 0 ? "" : ":")
                    .append(String.format(Locale.ROOT, "%08x", u32(op, b + SysctlPhysinfoDescriptor.hwCapOffset(i))));
        }
        out.line("hw_caps", hw.toString());
        int caps = LittleEndian.getI32(op, b + SysctlPhysinfoDescriptor.CAPABILITIES_OFFSET);
        out.raw(String.format(Locale.ROOT, "%-23s:%s\n", "virt_caps", virtCaps(caps)));
        VersionInfo version = VersionInfo.read(libxl);
        if (version != null) {
            long perMib = (1 << 20) / version.pagesize;
            long total = LittleEndian.getI64(op, b + SysctlPhysinfoDescriptor.TOTAL_PAGES_OFFSET);
            long free = LittleEndian.getI64(op, b + SysctlPhysinfoDescriptor.FREE_PAGES_OFFSET);
            long outstanding = LittleEndian.getI64(op, b + SysctlPhysinfoDescriptor.OUTSTANDING_PAGES_OFFSET);
            out.line("total_memory", Long.toUnsignedString(Long.divideUnsigned(total, perMib)));
            out.line("free_memory", Long.toUnsignedString(Long.divideUnsigned(free - outstanding, perMib)));
            out.line("sharing_freed_memory", Long.toUnsignedString(Long.divideUnsigned(freed, perMib)));
            out.line("sharing_used_memory", Long.toUnsignedString(Long.divideUnsigned(used, perMib)));
            out.line("outstanding_claims", Long.toUnsignedString(Long.divideUnsigned(outstanding, perMib)));
        }
        out.line("free_cpus", "0");
        return version;
    }

    /**
     * xl's {@code virt_caps} words for {@code XEN_SYSCTL_PHYSCAP_*} bits, each with its leading blank (xl prints them
     * right after the colon: {@code "virt_caps              : pv gnttab-v1"}).
     */
    static String virtCaps(int caps) {
        boolean pv = (caps & SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_pv) != 0;
        boolean hvm = (caps & SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_hvm) != 0;
        boolean directio = (caps & SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_directio) != 0;
        StringBuilder sb = new StringBuilder();
        sb.append(pv ? " pv" : "");
        sb.append(hvm ? " hvm" : "");
        sb.append(hvm && directio ? " hvm_directio" : "");
        sb.append(pv && directio ? " pv_directio" : "");
        sb.append(has(caps, SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_hap) ? " hap" : "");
        sb.append(has(caps, SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_shadow) ? " shadow" : "");
        sb.append(
                has(caps, SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share) ? " iommu_hap_pt_share" : "");
        sb.append(has(caps, SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_vmtrace) ? " vmtrace" : "");
        sb.append(has(caps, SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_vpmu) ? " vpmu" : "");
        sb.append(has(caps, SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_gnttab_v1) ? " gnttab-v1" : "");
        sb.append(has(caps, SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_gnttab_v2) ? " gnttab-v2" : "");
        return sb.toString();
    }

    private static boolean has(int caps, int bit) {
        return (caps & bit) != 0;
    }

    /**
     * {@code xc_sharing_freed_pages} / {@code xc_sharing_used_frames} as {@code libxl_get_physinfo} takes them: the
     * count, 0 when Xen has no page sharing ({@code -ENOSYS}), -1 (after libxl's log line) on another error.
     */
    private static long sharingPages(Libxl libxl, MemoryOp cmd, String what, int line) {
        long rc = libxl.hc.raw(Hypercall.memory_op.number, cmd.code, 0, 0, 0, 0);
        if (rc == Errno.ENOSYS.neg()) {
            return 0;
        }
        if (rc < 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl.c:" + line + ":libxl_get_physinfo",
                    -1,
                    rc,
                    "getting sharing " + what);
            return -1;
        }
        return rc;
    }

    /** {@code output_xeninfo}. */
    private static void xeninfo(Libxl libxl, Lines out, VersionInfo v) {
        if (v == null) {
            libxl.con.eprintf("libxl_get_version_info failed.\n");
            return;
        }
        long sched = libxl.sched.schedId();
        if (sched < 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_sched.c:166:libxl_get_scheduler",
                    -1,
                    sched,
                    "getting current scheduler id");
            libxl.con.eprintf("get_scheduler sysctl failed.\n");
            return;
        }
        out.line("xen_major", Integer.toString(v.major));
        out.line("xen_minor", Integer.toString(v.minor));
        out.line("xen_extra", nullText(v.extra));
        out.line("xen_version", v.major + "." + v.minor + nullText(v.extra));
        out.line("xen_caps", nullText(v.capabilities));
        out.line("xen_scheduler", nullText(Libxl.schedulerName((int) sched)));
        out.line("xen_pagesize", Long.toUnsignedString(v.pagesize & 0xFFFF_FFFFL));
        out.line("platform_params", "virt_start=0x" + Long.toHexString(v.virtStart));
        out.line("xen_changeset", nullText(v.changeset));
        out.line("xen_commandline", nullText(v.commandline));
        out.line("cc_compiler", v.compiler);
        out.line("cc_compile_by", v.compileBy);
        out.line("cc_compile_domain", v.compileDomain);
        out.line("cc_compile_date", v.compileDate);
        out.line("build_id", nullText(v.buildId));
    }

    /** What glibc's {@code printf("%s")} prints for a string that may be NULL. */
    private static String nullText(String s) {
        return s == null ? "(null)" : s;
    }

    /**
     * {@code libxl_version_info}, as {@code libxl_get_version_info} reads it: the major and minor version ({@code
     * XENVER_version}; libxl keeps the minor's low 8 bits), the strings through libxc's {@code xc_xenver_*} (the
     * variable-length commands; NULL when one fails), the compile information, {@code virt_start} and the page size.
     */
    record VersionInfo(
            int major,
            int minor,
            String extra,
            String compiler,
            String compileBy,
            String compileDomain,
            String compileDate,
            String capabilities,
            String changeset,
            long virtStart,
            long pagesize,
            String commandline,
            String buildId) {

        /** Reads it; {@code null} when Xen answers a page size that is not a positive power of two below 1 MiB. */
        static VersionInfo read(Libxl libxl) {
            long version = libxl.hc.xenVersion(XenVersionCmd.XENVER_version, 0);
            String extra = varbuf(libxl, XenVersionCmd.XENVER_extraversion2);
            long cc = libxl.hc.buffer(XenCompileInfoDescriptor.SIZE);
            byte[] compile = new byte[XenCompileInfoDescriptor.SIZE];
            if (libxl.hc.xenVersion(XenVersionCmd.XENVER_compile_info, cc) == 0) {
                libxl.cpu().read(cc, compile, 0, compile.length);
            }
            String caps = varbuf(libxl, XenVersionCmd.XENVER_capabilities2);
            String changeset = varbuf(libxl, XenVersionCmd.XENVER_changeset2);
            long pp = libxl.hc.buffer(XenPlatformParametersDescriptor.SIZE);
            byte[] params = new byte[XenPlatformParametersDescriptor.SIZE];
            if (libxl.hc.xenVersion(XenVersionCmd.XENVER_platform_parameters, pp) == 0) {
                libxl.cpu().read(pp, params, 0, params.length);
            }
            long pagesize = libxl.hc.xenVersion(XenVersionCmd.XENVER_pagesize, 0);
            String commandline = varbuf(libxl, XenVersionCmd.XENVER_commandline2);
            String buildId = buildId(libxl);
            if (pagesize <= 0 || pagesize > (1 << 20) || Long.bitCount(pagesize) != 1) {
                return null; // xl would divide by zero or by a page size that makes no sense; pvsim refuses it
            }
            return new VersionInfo(
                    (int) (version >> 16) & 0xFFFF,
                    (int) version & 0xFF,
                    extra,
                    cString(compile, XenCompileInfoDescriptor.COMPILER_OFFSET, XenCompileInfoDescriptor.COMPILER_LEN),
                    cString(
                            compile,
                            XenCompileInfoDescriptor.COMPILE_BY_OFFSET,
                            XenCompileInfoDescriptor.COMPILE_BY_LEN),
                    cString(
                            compile,
                            XenCompileInfoDescriptor.COMPILE_DOMAIN_OFFSET,
                            XenCompileInfoDescriptor.COMPILE_DOMAIN_LEN),
                    cString(
                            compile,
                            XenCompileInfoDescriptor.COMPILE_DATE_OFFSET,
                            XenCompileInfoDescriptor.COMPILE_DATE_LEN),
                    caps,
                    changeset,
                    LittleEndian.getI64(params, XenPlatformParametersDescriptor.VIRT_START_OFFSET),
                    pagesize,
                    commandline,
                    buildId);
        }

        /** libxc's {@code varbuf_op}: the length first (a null argument), then the bytes; null when either fails. */
        private static byte[] varbufBytes(Libxl libxl, XenVersionCmd cmd) {
            long len = libxl.hc.xenVersion(cmd, 0);
            if (len < 0) {
                return null;
            }
            long va = libxl.hc.buffer(XenVarbufDescriptor.BUF_OFFSET + (int) len);
            byte[] header = new byte[XenVarbufDescriptor.SIZE];
            LittleEndian.putI32(header, XenVarbufDescriptor.LEN_OFFSET, (int) len);
            libxl.cpu().write(va, header, 0, header.length);
            long got = libxl.hc.xenVersion(cmd, va);
            if (got < 0) {
                return null;
            }
            byte[] bytes = new byte[(int) got];
            libxl.cpu().read(va + XenVarbufDescriptor.BUF_OFFSET, bytes, 0, bytes.length);
            return bytes;
        }

        /** {@code varbuf_simple_string}. */
        private static String varbuf(Libxl libxl, XenVersionCmd cmd) {
            byte[] bytes = varbufBytes(libxl, cmd);
            return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
        }

        /** {@code xc_xenver_buildid}: the bytes in lower-case hex, or null. */
        private static String buildId(Libxl libxl) {
            byte[] bytes = varbufBytes(libxl, XenVersionCmd.XENVER_build_id);
            if (bytes == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            for (byte x : bytes) {
                sb.append(String.format(Locale.ROOT, "%02x", x & 0xff));
            }
            return sb.toString();
        }

        private static String cString(byte[] buf, int off, int len) {
            int end = off;
            while (end < off + len && buf[end] != 0) {
                end++;
            }
            return new String(buf, off, end - off, StandardCharsets.ISO_8859_1);
        }
    }

    private static long u32(byte[] op, int off) {
        return LittleEndian.getU32(op, off);
    }

    private static byte[] sysctl(SysctlCmd cmd) {
        byte[] op = new byte[SysctlDescriptor.SIZE];
        LittleEndian.putI32(op, SysctlDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI32(
                op, SysctlDescriptor.INTERFACE_VERSION_OFFSET, SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION);
        return op;
    }
}
