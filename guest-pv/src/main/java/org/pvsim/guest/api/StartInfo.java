package org.pvsim.guest.api;

import java.nio.charset.StandardCharsets;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.StartInfoDescriptor;
import org.pvsim.hypervisor.abi.StartInfoFlags;

/**
 * A domain's {@code start_info} page ({@code struct start_info}, {@code xen/include/public/xen.h}) as the kernel read
 * it at boot: what memory it has, where its page tables and P2M list are, its privileges and its command line.
 *
 * @param magic the magic string, e.g. {@code "xen-3.0-x86_64"}
 * @param nrPages pages the domain was given
 * @param sharedInfo machine address of the shared-info page
 * @param flags {@code SIF_*}
 * @param storeMfn machine frame of the xenstore ring (0 for dom0)
 * @param storeEvtchn its event channel
 * @param consoleMfn machine frame of the console ring (0 for dom0)
 * @param consoleEvtchn its event channel
 * @param ptBase virtual address of the bootstrap L4
 * @param nrPtFrames bootstrap page-table frames, the L4 first
 * @param mfnList virtual address of the P2M list: one machine frame number per page
 * @param modStart virtual address of the boot module, or 0
 * @param modLen its length in bytes
 * @param cmdLine the kernel command line
 */
public record StartInfo(
        String magic,
        long nrPages,
        long sharedInfo,
        int flags,
        long storeMfn,
        int storeEvtchn,
        long consoleMfn,
        int consoleEvtchn,
        long ptBase,
        long nrPtFrames,
        long mfnList,
        long modStart,
        long modLen,
        String cmdLine) {

    /** Reads and decodes the {@code start_info} at {@code va}. */
    public static StartInfo read(GuestCpu cpu, long va) {
        byte[] b = new byte[StartInfoDescriptor.SIZE];
        cpu.read(va, b, 0, b.length);
        return decode(b);
    }

    /**
     * Decodes a {@code start_info} image ({@link StartInfoDescriptor#SIZE} bytes at least). The strings end at their
     * first NUL or at the end of their field; the magic is not checked here ({@link #hasValidMagic()}).
     */
    public static StartInfo decode(byte[] b) {
        if (b.length < StartInfoDescriptor.SIZE) {
            throw new IllegalArgumentException(
                    "a start_info image is " + StartInfoDescriptor.SIZE + " bytes, not " + b.length);
        }
        return new StartInfo(
                cString(b, StartInfoDescriptor.MAGIC_OFFSET, StartInfoDescriptor.MAGIC_LEN),
                LittleEndian.getI64(b, StartInfoDescriptor.NR_PAGES_OFFSET),
                LittleEndian.getI64(b, StartInfoDescriptor.SHARED_INFO_OFFSET),
                LittleEndian.getI32(b, StartInfoDescriptor.FLAGS_OFFSET),
                LittleEndian.getI64(b, StartInfoDescriptor.STORE_MFN_OFFSET),
                LittleEndian.getI32(b, StartInfoDescriptor.STORE_EVTCHN_OFFSET),
                LittleEndian.getI64(b, StartInfoDescriptor.CONSOLE_DOMU_MFN_OFFSET),
                LittleEndian.getI32(b, StartInfoDescriptor.CONSOLE_DOMU_EVTCHN_OFFSET),
                LittleEndian.getI64(b, StartInfoDescriptor.PT_BASE_OFFSET),
                LittleEndian.getI64(b, StartInfoDescriptor.NR_PT_FRAMES_OFFSET),
                LittleEndian.getI64(b, StartInfoDescriptor.MFN_LIST_OFFSET),
                LittleEndian.getI64(b, StartInfoDescriptor.MOD_START_OFFSET),
                LittleEndian.getI64(b, StartInfoDescriptor.MOD_LEN_OFFSET),
                cString(b, StartInfoDescriptor.CMD_LINE_OFFSET, StartInfoDescriptor.MAX_GUEST_CMDLINE));
    }

    private static String cString(byte[] b, int off, int max) {
        int len = 0;
        while (len < max && b[off + len] != 0) {
            len++;
        }
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    /** Whether the magic is a 64-bit PV one, {@code "xen-<major>.<minor>-x86_64"}. */
    public boolean hasValidMagic() {
        return StartInfoDescriptor.isValidMagic(magic);
    }

    /** {@code SIF_PRIVILEGED}: the domain may use privileged hypercalls. */
    public boolean isPrivileged() {
        return (flags & StartInfoFlags.SIF_PRIVILEGED) != 0;
    }

    /** {@code SIF_INITDOMAIN}: the domain is the initial domain, dom0. */
    public boolean isInitialDomain() {
        return (flags & StartInfoFlags.SIF_INITDOMAIN) != 0;
    }
}
