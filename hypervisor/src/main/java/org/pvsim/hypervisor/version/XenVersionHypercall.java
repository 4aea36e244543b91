package org.pvsim.hypervisor.version;

import java.nio.charset.StandardCharsets;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.abi.XenCompileInfoDescriptor;
import org.pvsim.hypervisor.abi.XenFeature;
import org.pvsim.hypervisor.abi.XenFeatureInfoDescriptor;
import org.pvsim.hypervisor.abi.XenVarbufDescriptor;
import org.pvsim.hypervisor.abi.XenVersionBuffers;
import org.pvsim.hypervisor.abi.XenVersionCmd;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;

/**
 * {@code HYPERVISOR_xen_version(cmd, arg)} ({@code do_xen_version}, {@code xen/common/kernel.c}) with the access
 * rules of {@code xsm_xen_version}: version, platform parameters and features for anyone; the informational strings,
 * page size and handle for anyone; the command line and the variable-length buffers for the control domain only. A
 * denied command line reads {@code "<denied>"} (the call succeeds); a denied variable-length buffer is {@code -EPERM}.
 * An unknown command is {@code -ENOSYS} for every domain.
 * pvsim reports the Xen interface it follows, 4.23, with extra version {@code -pvsim}.
 */
public final class XenVersionHypercall implements CoreHypercall {
    public static final int XEN_MAJOR = 4;
    public static final int XEN_MINOR = 23;
    public static final String XEN_EXTRA = "-pvsim";
    /** What a denied request reads instead of the information ({@code xen_deny}, {@code xen/common/version.c}). */
    public static final String XEN_DENY = "<denied>";
    /** The changeset pvsim reports. */
    public static final String CHANGESET = "pvsim";
    /** The longest string a variable-length buffer returns ({@code xenver_varbuf_op}'s limit, 64 KiB). */
    private static final int VARBUF_MAX = 64 * 1024;
    /** The guest ABIs the host runs: 64-bit PV only. */
    public static final String CAPABILITIES = "xen-3.0-x86_64";

    private final String commandLine;
    private final byte[] buf = new byte[XenVersionBuffers.XEN_CAPABILITIES_INFO_LEN];

    /** @param commandLine what {@code XENVER_commandline} reports as Xen's boot command line */
    public XenVersionHypercall(String commandLine) {
        this.commandLine = commandLine;
    }

    @Override
    public long invoke(HypercallFrame f, long cmdArg, long arg, long a3, long a4, long a5) {
        XenVersionCmd cmd = XenVersionCmd.ofCode(cmdArg & 0xFFFF_FFFFL);
        if (cmd == null) {
            return Errno.ENOSYS.neg();
        }
        switch (cmd) {
            case XENVER_version:
                return (XEN_MAJOR << 16) | XEN_MINOR;
            case XENVER_extraversion:
                return string(f, arg, XEN_EXTRA, XenVersionBuffers.XEN_EXTRAVERSION_LEN);
            case XENVER_compile_info:
                return compileInfo(f, arg);
            case XENVER_capabilities:
                return string(f, arg, CAPABILITIES, XenVersionBuffers.XEN_CAPABILITIES_INFO_LEN);
            case XENVER_changeset:
                return string(f, arg, CHANGESET, XenVersionBuffers.XEN_CHANGESET_INFO_LEN);
            case XENVER_platform_parameters:
                LittleEndian.putI64(buf, 0, XenAddressSpace.HYPERVISOR_VIRT_START);
                return f.copyToGuest(arg, buf, 0, 8) == 0 ? 0 : Errno.EFAULT.neg();
            case XENVER_get_features:
                return features(f, arg);
            case XENVER_pagesize:
                return arg != 0 ? Errno.EINVAL.neg() : X86Paging.PAGE_SIZE;
            case XENVER_guest_handle:
                byte[] handle = f.domain().handle();
                return f.copyToGuest(arg, handle, 0, handle.length) == 0 ? 0 : Errno.EFAULT.neg();
            case XENVER_commandline:
                if (!f.isCallerPrivileged()) {
                    // denied: Xen copies xen_deny()'s string, strlen + 1 bytes, and succeeds
                    return string(f, arg, XEN_DENY, XEN_DENY.length() + 1);
                }
                return string(f, arg, commandLine, XenVersionBuffers.XEN_COMMANDLINE_LEN);
            case XENVER_build_id:
            case XENVER_extraversion2:
            case XENVER_capabilities2:
            case XENVER_changeset2:
            case XENVER_commandline2:
                return f.isCallerPrivileged() ? varbuf(f, cmd, arg) : Errno.EPERM.neg();
            default:
                return Errno.ENOSYS.neg();
        }
    }

    /**
     * {@code xenver_varbuf_op}: a null argument asks for the length; otherwise the string, without its NUL, goes after
     * the {@code xen_varbuf} header if it fits the {@code len} the guest gave ({@code -ENOBUFS} if not). Returns the
     * length. pvsim has no build id: {@code XENVER_build_id} is {@code -ENODATA}.
     */
    private long varbuf(HypercallFrame f, XenVersionCmd cmd, long arg) {
        String value;
        switch (cmd) {
            case XENVER_extraversion2:
                value = XEN_EXTRA;
                break;
            case XENVER_capabilities2:
                value = CAPABILITIES;
                break;
            case XENVER_changeset2:
                value = CHANGESET;
                break;
            case XENVER_commandline2:
                value = commandLine;
                break;
            default:
                return Errno.ENODATA.neg();
        }
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > VARBUF_MAX) {
            return Errno.E2BIG.neg();
        }
        if (arg == 0) {
            return bytes.length;
        }
        if (f.copyFromGuest(arg + XenVarbufDescriptor.LEN_OFFSET, buf, 0, 4) != 0) {
            return Errno.EFAULT.neg();
        }
        if (bytes.length > LittleEndian.getU32(buf, 0)) {
            return Errno.ENOBUFS.neg();
        }
        return f.copyToGuest(arg + XenVarbufDescriptor.BUF_OFFSET, bytes, 0, bytes.length) == 0
                ? bytes.length
                : Errno.EFAULT.neg();
    }

    private long string(HypercallFrame f, long arg, String value, int len) {
        java.util.Arrays.fill(buf, 0, len, (byte) 0);
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, buf, 0, Math.min(b.length, len - 1));
        return f.copyToGuest(arg, buf, 0, len) == 0 ? 0 : Errno.EFAULT.neg();
    }

    private long compileInfo(HypercallFrame f, long arg) {
        java.util.Arrays.fill(buf, 0, XenCompileInfoDescriptor.SIZE, (byte) 0);
        put(XenCompileInfoDescriptor.COMPILER_OFFSET, "javac", XenCompileInfoDescriptor.COMPILER_LEN);
        put(XenCompileInfoDescriptor.COMPILE_BY_OFFSET, "pvsim", XenCompileInfoDescriptor.COMPILE_BY_LEN);
        put(XenCompileInfoDescriptor.COMPILE_DOMAIN_OFFSET, "pvsim.org", XenCompileInfoDescriptor.COMPILE_DOMAIN_LEN);
        put(XenCompileInfoDescriptor.COMPILE_DATE_OFFSET, "", XenCompileInfoDescriptor.COMPILE_DATE_LEN);
        return f.copyToGuest(arg, buf, 0, XenCompileInfoDescriptor.SIZE) == 0 ? 0 : Errno.EFAULT.neg();
    }

    private void put(int off, String s, int len) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, buf, off, Math.min(b.length, len - 1));
    }

    /** {@code XENVER_get_features} for a PV domain: submap 0 only ({@code -EINVAL} for another). */
    private long features(HypercallFrame f, long arg) {
        if (f.copyFromGuest(arg, buf, 0, XenFeatureInfoDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        long idx = LittleEndian.getU32(buf, XenFeatureInfoDescriptor.SUBMAP_IDX_OFFSET);
        if (idx != 0) {
            return Errno.EINVAL.neg();
        }
        Domain d = f.domain();
        int submap = bit(XenFeature.XENFEAT_memory_op_vnode_supported)
                | bit(XenFeature.XENFEAT_vcpu_time_phys_area)
                | bit(XenFeature.XENFEAT_runstate_phys_area)
                | bit(XenFeature.XENFEAT_mmu_pt_update_preserve_ad)
                | bit(XenFeature.XENFEAT_highmem_assist)
                | bit(XenFeature.XENFEAT_gnttab_map_avail_bits)
                | bit(XenFeature.XENFEAT_dm_msix_all_writes)
                | bit(XenFeature.XENFEAT_direct_mapped);
        if (d.isHardwareDomain()) {
            submap |= bit(XenFeature.XENFEAT_dom0);
        }
        LittleEndian.putI32(buf, XenFeatureInfoDescriptor.SUBMAP_OFFSET, submap);
        return f.copyToGuest(arg, buf, 0, XenFeatureInfoDescriptor.SIZE) == 0 ? 0 : Errno.EFAULT.neg();
    }

    private static int bit(XenFeature feature) {
        return 1 << feature.code;
    }
}
