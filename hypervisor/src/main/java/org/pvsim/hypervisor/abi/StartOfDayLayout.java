package org.pvsim.hypervisor.abi;

import static org.pvsim.hypervisor.abi.X86Paging.ENTRIES_PER_TABLE;
import static org.pvsim.hypervisor.abi.X86Paging.ENTRY_SIZE;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_DIRTY;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_USER;

import java.nio.charset.StandardCharsets;

/**
 * The start-of-day memory layout of a 64-bit PV domain (the "Start-of-day memory layout" comment in
 * {@code xen/include/public/xen.h}), as pvsim's domain builders lay it out. Pseudo-physical pages, in order, each
 * page-aligned: the kernel image, the list of the domain's machine frames ({@code mfn_list}, the initial P2M),
 * {@code start_info}, for a domU the xenstore and console ring pages, the bootstrap page tables (L4 first, at
 * {@code pt_base}), and the bootstrap stack. The remaining pages are the kernel's to use.
 *
 * <p>The page tables map every page of the domain at {@link #VIRT_BASE} + pfn &times; 4096, read-write, except the
 * page-table pages themselves, which are read-only (rule 6 of the comment), so the L4 can be pinned. Xen's builder
 * maps only the bootstrap region and leaves the rest for the kernel to map; pvsim maps all of the initial memory
 * (see {@code docs/differences-from-xen.md}).
 *
 * <p>Both the hypervisor's dom0 builder and the toolstack's domU builder use this class, so the layout is described
 * once. It computes page contents; it does not write memory.
 */
public final class StartOfDayLayout {
    /**
     * Where the initial mapping starts: L4 slot 272, the first slot above Xen's range, where 64-bit Linux PV kernels
     * keep their direct map.
     */
    public static final long VIRT_BASE = 0xFFFF_8800_0000_0000L;

    /** The start_info magic of a 64-bit PV guest ({@code guest_type} "xen-3.0-x86_64"). */
    public static final String START_INFO_MAGIC = "xen-3.0-x86_64";

    /** Flags of an L1 entry mapping a data page ({@code L1_PROT} in the toolstack's builder). */
    public static final int L1_PROT = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    /** Flags of an L1 entry mapping a page-table page ({@code L1_PROT_RO}). */
    public static final int L1_PROT_RO = _PAGE_PRESENT | _PAGE_ACCESSED;
    /** Flags of an L2-L4 entry ({@code L2_PROT}, {@code L3_PROT}, {@code L4_PROT}). */
    public static final int UPPER_PROT = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER;

    /** Pages a domain needs beyond the bootstrap region, so its kernel has room to work. */
    public static final int MIN_FREE_PAGES = 16;

    private final long nrPages;
    private final boolean withRings;
    private final int kernelPages;
    private final long p2mPfn;
    private final int p2mPages;
    private final long startInfoPfn;
    private final long storePfn;
    private final long consolePfn;
    private final long ptPfn;
    private final int nrL3;
    private final int nrL2;
    private final int nrL1;
    private final long stackPfn;

    private StartOfDayLayout(long nrPages, boolean withRings) {
        this.nrPages = nrPages;
        this.withRings = withRings;
        this.kernelPages = 1;
        long pfn = kernelPages;
        this.p2mPfn = pfn;
        this.p2mPages = (int) ((nrPages * 8 + PAGE_SIZE - 1) / PAGE_SIZE);
        pfn += p2mPages;
        this.startInfoPfn = pfn++;
        this.storePfn = withRings ? pfn++ : -1;
        this.consolePfn = withRings ? pfn++ : -1;
        this.ptPfn = pfn;
        this.nrL1 = (int) ((nrPages + ENTRIES_PER_TABLE - 1) / ENTRIES_PER_TABLE);
        this.nrL2 = (nrL1 + ENTRIES_PER_TABLE - 1) / ENTRIES_PER_TABLE;
        this.nrL3 = (nrL2 + ENTRIES_PER_TABLE - 1) / ENTRIES_PER_TABLE;
        pfn += nrPtFrames();
        this.stackPfn = pfn++;
    }

    /**
     * Plans the layout of a domain of {@code nrPages} pages.
     *
     * @param withRings whether to place xenstore and console ring pages (a domU); dom0 has none
     * @throws IllegalArgumentException if {@code nrPages} cannot hold the bootstrap region plus
     *     {@link #MIN_FREE_PAGES}, or exceeds what one L4 slot maps (512 GiB)
     */
    public static StartOfDayLayout plan(long nrPages, boolean withRings) {
        if (nrPages > (long) ENTRIES_PER_TABLE * ENTRIES_PER_TABLE * ENTRIES_PER_TABLE) {
            throw new IllegalArgumentException(
                    "a PV domain of " + nrPages + " pages is larger than pvsim's initial mapping (512 GiB)");
        }
        StartOfDayLayout layout = new StartOfDayLayout(Math.max(nrPages, 1), withRings);
        if (nrPages < layout.firstFreePfn() + MIN_FREE_PAGES) {
            throw new IllegalArgumentException("a PV domain needs at least " + (layout.firstFreePfn() + MIN_FREE_PAGES)
                    + " pages (" + (layout.firstFreePfn() + MIN_FREE_PAGES) * 4 + " KiB), not " + nrPages);
        }
        return layout;
    }

    /** The domain's pages. */
    public long nrPages() {
        return nrPages;
    }

    /** The virtual address of pseudo-physical page {@code pfn} in the initial mapping. */
    public static long va(long pfn) {
        return VIRT_BASE + pfn * PAGE_SIZE;
    }

    /** The pseudo-physical page of a virtual address in the initial mapping. */
    public static long pfnOf(long va) {
        return (va - VIRT_BASE) / PAGE_SIZE;
    }

    public long kernelPfn() {
        return 0;
    }

    public int kernelPages() {
        return kernelPages;
    }

    public long p2mPfn() {
        return p2mPfn;
    }

    public int p2mPages() {
        return p2mPages;
    }

    public long startInfoPfn() {
        return startInfoPfn;
    }

    /** The xenstore ring page, or -1 for dom0. */
    public long storePfn() {
        return storePfn;
    }

    /** The console ring page, or -1 for dom0. */
    public long consolePfn() {
        return consolePfn;
    }

    /** The first page-table page: the L4 ({@code pt_base}). */
    public long l4Pfn() {
        return ptPfn;
    }

    /** Bootstrap page-table frames ({@code nr_pt_frames}): one L4, then the L3s, L2s and L1s. */
    public int nrPtFrames() {
        return 1 + nrL3 + nrL2 + nrL1;
    }

    public long stackPfn() {
        return stackPfn;
    }

    /** The first page after the bootstrap region: the kernel's free memory starts here. */
    public long firstFreePfn() {
        return stackPfn + 1;
    }

    /** Whether {@code pfn} is a bootstrap page-table page (mapped read-only). */
    public boolean isPageTable(long pfn) {
        return pfn >= ptPfn && pfn < ptPfn + nrPtFrames();
    }

    /** The level (4, 3, 2 or 1) of bootstrap page-table page {@code pfn}. */
    public int pageTableLevel(long pfn) {
        long i = pfn - ptPfn;
        if (i == 0) {
            return 4;
        }
        if (i <= nrL3) {
            return 3;
        }
        if (i <= nrL3 + nrL2) {
            return 2;
        }
        return 1;
    }

    private long firstPfnOfLevel(int level) {
        switch (level) {
            case 4:
                return ptPfn;
            case 3:
                return ptPfn + 1;
            case 2:
                return ptPfn + 1 + nrL3;
            default:
                return ptPfn + 1 + nrL3 + nrL2;
        }
    }

    /**
     * The contents of bootstrap page-table page {@code pfn}, given the domain's machine frames ({@code mfns[pfn]}).
     */
    public byte[] pageTablePage(long pfn, long[] mfns) {
        int level = pageTableLevel(pfn);
        long index = pfn - firstPfnOfLevel(level);
        byte[] page = new byte[PAGE_SIZE];
        if (level == 1) {
            for (int e = 0; e < ENTRIES_PER_TABLE; e++) {
                long mapped = index * ENTRIES_PER_TABLE + e;
                if (mapped >= nrPages) {
                    break;
                }
                int prot = isPageTable(mapped) ? L1_PROT_RO : L1_PROT;
                LittleEndian.putI64(page, e * ENTRY_SIZE, X86Paging.entry(mfns[(int) mapped], prot));
            }
            return page;
        }
        int childLevel = level - 1;
        long children = level == 4 ? nrL3 : level == 3 ? nrL2 : nrL1;
        long childBase = firstPfnOfLevel(childLevel);
        int firstSlot = level == 4 ? X86Paging.tableIndex(VIRT_BASE, 4) : 0;
        for (int e = 0; e < ENTRIES_PER_TABLE; e++) {
            long child = index * ENTRIES_PER_TABLE + e;
            if (child >= children) {
                break;
            }
            LittleEndian.putI64(
                    page, (firstSlot + e) * ENTRY_SIZE, X86Paging.entry(mfns[(int) (childBase + child)], UPPER_PROT));
        }
        return page;
    }

    /** Page {@code i} of the {@code mfn_list}: the machine frame of each pseudo-physical page, 8 bytes each. */
    public byte[] p2mPage(int i, long[] mfns) {
        byte[] page = new byte[PAGE_SIZE];
        for (int e = 0; e < PAGE_SIZE / 8; e++) {
            long pfn = (long) i * (PAGE_SIZE / 8) + e;
            if (pfn >= nrPages) {
                break;
            }
            LittleEndian.putI64(page, e * 8, mfns[(int) pfn]);
        }
        return page;
    }

    /** The kernel image page: a {@link KernelImageDescriptor} header naming the kernel. */
    public static byte[] kernelPage(String kernelName) {
        byte[] page = new byte[PAGE_SIZE];
        byte[] header = KernelImageDescriptor.encode(kernelName);
        System.arraycopy(header, 0, page, 0, header.length);
        return page;
    }

    /**
     * The {@code start_info} page.
     *
     * @param sharedInfoMaddr the machine address of the domain's shared_info
     * @param flags {@code SIF_*}
     * @param storeEvtchn the xenstore event channel (0 while event channels are not set up)
     * @param consoleEvtchn the console event channel (0 likewise)
     * @param cmdline the kernel command line; at most {@code MAX_GUEST_CMDLINE - 1} bytes
     */
    public byte[] startInfoPage(
            long[] mfns, long sharedInfoMaddr, int flags, int storeEvtchn, int consoleEvtchn, String cmdline) {
        byte[] page = new byte[PAGE_SIZE];
        byte[] magic = START_INFO_MAGIC.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, page, StartInfoDescriptor.MAGIC_OFFSET, magic.length);
        LittleEndian.putI64(page, StartInfoDescriptor.NR_PAGES_OFFSET, nrPages);
        LittleEndian.putI64(page, StartInfoDescriptor.SHARED_INFO_OFFSET, sharedInfoMaddr);
        LittleEndian.putI32(page, StartInfoDescriptor.FLAGS_OFFSET, flags);
        if (withRings) {
            LittleEndian.putI64(page, StartInfoDescriptor.STORE_MFN_OFFSET, mfns[(int) storePfn]);
            LittleEndian.putI32(page, StartInfoDescriptor.STORE_EVTCHN_OFFSET, storeEvtchn);
            LittleEndian.putI64(page, StartInfoDescriptor.CONSOLE_DOMU_MFN_OFFSET, mfns[(int) consolePfn]);
            LittleEndian.putI32(page, StartInfoDescriptor.CONSOLE_DOMU_EVTCHN_OFFSET, consoleEvtchn);
        }
        LittleEndian.putI64(page, StartInfoDescriptor.PT_BASE_OFFSET, va(ptPfn));
        LittleEndian.putI64(page, StartInfoDescriptor.NR_PT_FRAMES_OFFSET, nrPtFrames());
        LittleEndian.putI64(page, StartInfoDescriptor.MFN_LIST_OFFSET, va(p2mPfn));
        byte[] cmd = cmdline.getBytes(StandardCharsets.UTF_8);
        if (cmd.length >= StartInfoDescriptor.MAX_GUEST_CMDLINE) {
            throw new IllegalArgumentException("the kernel command line is " + cmd.length + " bytes; at most "
                    + (StartInfoDescriptor.MAX_GUEST_CMDLINE - 1) + " fit in start_info.cmd_line");
        }
        System.arraycopy(cmd, 0, page, StartInfoDescriptor.CMD_LINE_OFFSET, cmd.length);
        return page;
    }

    /** The initial stack pointer: the top of the bootstrap stack page. */
    public long initialStackPointer() {
        return va(stackPfn + 1);
    }
}
