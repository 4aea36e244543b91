package org.pvsim.guest.mm;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import org.pvsim.guest.api.ForeignMappings;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;

/**
 * The kernel's foreign-mapping window: {@link #SIZE} bytes of its virtual address space from {@link #BASE} (L4 slot
 * 402, where 64-bit Linux keeps vmalloc space), where other domains' frames are mapped one page each.
 *
 * <p>The window is a {@link VmArea}: its page tables are the kernel's own pages, built and validated on first use. A
 * mapping is one {@code mmu_update} of a reserved page's L1 entry with {@code foreigndom} naming the frame's owner; an
 * unmapping is {@code update_va_mapping(va, 0)}, which drops the reference and flushes the TLBs, and gives the page
 * back to the area.
 *
 * <p>Slots are handed out lowest first. The window is shared by every vCPU (they all run on the kernel's L4); {@link
 * #bind} names the vCPU acting.
 */
public final class ForeignWindow implements ForeignMappings {
    /** The first address of the window. */
    public static final long BASE = 0xFFFF_C900_0000_0000L;
    /** L1 tables the window can hold: one L2's worth. */
    public static final int MAX_L1_TABLES = VmArea.MAX_L1_TABLES;
    /** Pages the window can map at once. */
    public static final int MAX_SLOTS = VmArea.MAX_PAGES;
    /** Bytes of address space the window spans (1 GiB). */
    public static final long SIZE = VmArea.SIZE;

    /** Flags of a window L1 entry, {@code _PAGE_RW} added for a writable mapping. */
    public static final int MAPPING_FLAGS =
            X86Paging._PAGE_PRESENT | X86Paging._PAGE_ACCESSED | X86Paging._PAGE_DIRTY | X86Paging._PAGE_NX;

    private final VmArea area = new VmArea(BASE);
    private Kernel kernel;
    private GuestCpu cpu;

    /** A window with nothing mapped and no tables yet: they are built on the first {@link #map}. */
    public ForeignWindow() {}

    /** Acts as {@code cpu} of {@code kernel} from now on; returns {@code this}. */
    public ForeignWindow bind(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        this.cpu = cpu;
        area.bind(kernel, cpu);
        return this;
    }

    @Override
    public long map(int domid, long mfn, boolean writable) {
        hypercalls();
        long va = area.reserve();
        if (ForeignMappings.isError(va)) {
            return va;
        }
        int flags = MAPPING_FLAGS | (writable ? X86Paging._PAGE_RW : 0);
        long rc = hypercalls().mmuUpdate(area.pteMachineAddress(va), X86Paging.entry(mfn, flags), domid);
        if (rc != 0) {
            area.release(va);
            return rc;
        }
        return va;
    }

    @Override
    public void unmap(long va) {
        long offset = va - BASE;
        if (offset < 0 || offset >= SIZE || (offset & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format("%#x is not a page of the foreign-mapping window", va));
        }
        if (!area.isReserved(va)) {
            throw new IllegalArgumentException(String.format("%#x is not mapped", va));
        }
        long rc = hypercalls().updateVaMapping(va, 0, UvmFlags.UVMF_INVLPG | UvmFlags.UVMF_ALL);
        if (rc != 0) {
            throw kernel.panic(cpu, String.format("foreign unmap of %#x failed: %s", va, Errno.describe(rc)));
        }
        area.release(va);
    }

    @Override
    public int mapped() {
        return area.reserved();
    }

    private Hypercalls hypercalls() {
        if (kernel == null) {
            throw new IllegalStateException("the foreign-mapping window is used before being bound to a vCPU");
        }
        return kernel.hypercalls(cpu);
    }
}
