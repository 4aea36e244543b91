package org.pvsim.hypervisor.abi;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * {@code struct start_info} ({@code xen/include/public/xen.h}): the page a PV guest finds at RSI when its first vCPU
 * starts, describing its memory, its shared-info page, its xenstore and console rings and its boot modules.
 *
 * <p>The fields up to {@code console} are filled on first boot and again on resume; the rest only on first boot.
 * {@code console} is a union: a domU gets the console ring's frame and event channel ({@code console.domU}), the
 * initial domain gets where a {@code dom0_vga_console_info} sits in this page ({@code console.dom0}).
 *
 * <p>The {@code magic} field holds {@code "xen-<major>.<minor>-x86_64"}. The version is the PV boot interface's, not
 * the hypervisor release's: both Xen's dom0 builder ({@code x86/pv/dom0_build.c}) and libxenguest
 * ({@code xg_dom_x86.c}) write {@link #MAGIC_X86_64}, {@code "xen-3.0-x86_64"}.
 */
public final class StartInfoDescriptor {
    /** {@code char magic[32]}: NUL-terminated {@code "xen-<major>.<minor>-x86_64"}. */
    public static final int MAGIC_OFFSET = 0;
    /** {@code unsigned long nr_pages}: total pages allocated to the domain. */
    public static final int NR_PAGES_OFFSET = 32;
    /** {@code unsigned long shared_info}: machine address of the shared-info page. */
    public static final int SHARED_INFO_OFFSET = 40;
    /** {@code uint32_t flags}: {@link StartInfoFlags}. */
    public static final int FLAGS_OFFSET = 48;
    /** {@code xen_pfn_t store_mfn}: machine frame of the xenstore ring. */
    public static final int STORE_MFN_OFFSET = 56;
    /** {@code uint32_t store_evtchn}: event channel of the xenstore ring. */
    public static final int STORE_EVTCHN_OFFSET = 64;
    /** Start of the {@code console} union. */
    public static final int CONSOLE_OFFSET = 72;
    /** {@code xen_pfn_t console.domU.mfn}: machine frame of the console ring. */
    public static final int CONSOLE_DOMU_MFN_OFFSET = 72;
    /** {@code uint32_t console.domU.evtchn}: event channel of the console ring. */
    public static final int CONSOLE_DOMU_EVTCHN_OFFSET = 80;
    /** {@code uint32_t console.dom0.info_off}: offset of the {@code dom0_vga_console_info} in this page. */
    public static final int CONSOLE_DOM0_INFO_OFF_OFFSET = 72;
    /** {@code uint32_t console.dom0.info_size}: its size. */
    public static final int CONSOLE_DOM0_INFO_SIZE_OFFSET = 76;
    /** {@code unsigned long pt_base}: virtual address of the bootstrap page tables (the L4). */
    public static final int PT_BASE_OFFSET = 88;
    /** {@code unsigned long nr_pt_frames}: number of bootstrap page-table frames. */
    public static final int NR_PT_FRAMES_OFFSET = 96;
    /** {@code unsigned long mfn_list}: virtual address of the pseudo-physical-to-machine list. */
    public static final int MFN_LIST_OFFSET = 104;
    /** {@code unsigned long mod_start}: virtual address (or, with {@code SIF_MOD_START_PFN}, PFN) of the module. */
    public static final int MOD_START_OFFSET = 112;
    /** {@code unsigned long mod_len}: size of the module in bytes. */
    public static final int MOD_LEN_OFFSET = 120;
    /** {@code int8_t cmd_line[MAX_GUEST_CMDLINE]}: the kernel command line, NUL-terminated. */
    public static final int CMD_LINE_OFFSET = 128;
    /** {@code unsigned long first_p2m_pfn}: first PFN of the initial P2M table. */
    public static final int FIRST_P2M_PFN_OFFSET = 1152;
    /** {@code unsigned long nr_p2m_frames}: number of PFNs of the initial P2M table. */
    public static final int NR_P2M_FRAMES_OFFSET = 1160;
    /** {@code sizeof(struct start_info)}. */
    public static final int SIZE = 1168;

    /** Length of the {@code magic} array, including its terminating NUL. */
    public static final int MAGIC_LEN = 32;
    /** {@code MAX_GUEST_CMDLINE}: length of the {@code cmd_line} array, including its terminating NUL. */
    public static final int MAX_GUEST_CMDLINE = 1024;
    /** The magic real Xen writes for a 64-bit PV guest. */
    public static final String MAGIC_X86_64 = "xen-3.0-x86_64";

    private static final Pattern MAGIC_PATTERN = Pattern.compile("xen-(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)-x86_64");

    public static final StructLayout LAYOUT = StructLayout.builder("start_info")
            .field("magic", MAGIC_OFFSET, CType.CHAR.array(MAGIC_LEN))
            .field("nr_pages", NR_PAGES_OFFSET, CType.ULONG)
            .field("shared_info", SHARED_INFO_OFFSET, CType.ULONG)
            .field("flags", FLAGS_OFFSET, CType.UINT32)
            .field("store_mfn", STORE_MFN_OFFSET, CType.XEN_PFN)
            .field("store_evtchn", STORE_EVTCHN_OFFSET, CType.UINT32)
            .unionMember("console", "domU.mfn", CONSOLE_DOMU_MFN_OFFSET, CType.XEN_PFN)
            .unionMember("console", "domU.evtchn", CONSOLE_DOMU_EVTCHN_OFFSET, CType.UINT32)
            .unionMember("console", "dom0.info_off", CONSOLE_DOM0_INFO_OFF_OFFSET, CType.UINT32)
            .unionMember("console", "dom0.info_size", CONSOLE_DOM0_INFO_SIZE_OFFSET, CType.UINT32)
            .field("pt_base", PT_BASE_OFFSET, CType.ULONG)
            .field("nr_pt_frames", NR_PT_FRAMES_OFFSET, CType.ULONG)
            .field("mfn_list", MFN_LIST_OFFSET, CType.ULONG)
            .field("mod_start", MOD_START_OFFSET, CType.ULONG)
            .field("mod_len", MOD_LEN_OFFSET, CType.ULONG)
            .field("cmd_line", CMD_LINE_OFFSET, CType.INT8.array(MAX_GUEST_CMDLINE))
            .field("first_p2m_pfn", FIRST_P2M_PFN_OFFSET, CType.ULONG)
            .field("nr_p2m_frames", NR_P2M_FRAMES_OFFSET, CType.ULONG)
            .build(SIZE);

    private StartInfoDescriptor() {}

    /**
     * The magic string for a PV boot interface version: {@code "xen-<major>.<minor>-x86_64"}.
     *
     * @throws IllegalArgumentException if a number is negative, or the string would not fit, with its NUL, in the
     *     32-byte field
     */
    public static String magic(int major, int minor) {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException(
                    "start_info magic: version numbers must be >= 0, got " + major + "." + minor);
        }
        String magic = "xen-" + major + "." + minor + "-x86_64";
        if (magic.length() >= MAGIC_LEN) {
            throw new IllegalArgumentException("start_info magic must be at most " + (MAGIC_LEN - 1)
                    + " characters (magic[" + MAGIC_LEN + "] with its NUL), got " + magic.length() + ": " + magic);
        }
        return magic;
    }

    /**
     * Whether {@code magic} has the form {@code "xen-<major>.<minor>-x86_64"} and fits, with its NUL, in the 32-byte
     * field.
     */
    public static boolean isValidMagic(String magic) {
        return magic != null
                && magic.getBytes(StandardCharsets.US_ASCII).length < MAGIC_LEN
                && MAGIC_PATTERN.matcher(magic).matches();
    }
}
