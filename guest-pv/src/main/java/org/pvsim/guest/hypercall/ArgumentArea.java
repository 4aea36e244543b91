package org.pvsim.guest.hypercall;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

/**
 * The guest memory one vCPU marshals its hypercall arguments into: {@link #PAGES} contiguous, writable pages of the
 * kernel's own mapping, reserved for that vCPU at boot. Xen reads hypercall structures from guest memory
 * ({@code copy_from_guest}), so every structure a wrapper passes lives here, never in a Java object.
 *
 * <pre>
 *   page 0  call page: the completion word (pdone) at offset 0, then the structures of one call from offset 16
 *           (an mmu_update or mmuext_op array, a xen_memory_reservation, a domctl or sysctl, console bytes)
 *   page 1  list page: the extent list of a memory_op reservation (512 entries)
 *   page 2  multicall page: up to 64 multicall_entry structures
 *   page 3  multicall argument page: the structures the batched calls point to
 *   page 4+ scratch buffer ({@link Hypercalls#buffer(int)}): structures a hypercall structure points to, such as a
 *           vcpu_guest_context; it grows on demand
 * </pre>
 *
 * <p>Invariant: the pages are the vCPU's alone and stay mapped writable while the kernel runs, so a wrapper's store
 * never faults and never races another vCPU's.
 */
public final class ArgumentArea {
    /** Pages of an area, the scratch buffer's first two included. */
    public static final int PAGES = 6;
    /** Bytes of the initial scratch buffer: room for a {@code vcpu_guest_context}. */
    public static final int INITIAL_BUFFER_BYTES = 2 * PAGE_SIZE;
    /** Offset in the call page where a call's structures start; the completion word sits before it. */
    public static final int CALL_STRUCTS_OFFSET = 16;
    /** Bytes of the call page available to one call's structures. */
    public static final int CALL_BYTES = PAGE_SIZE - CALL_STRUCTS_OFFSET;

    private final long base;

    /**
     * An area starting at {@code base}, the virtual address of {@link #PAGES} contiguous writable pages.
     *
     * @throws IllegalArgumentException if {@code base} is not page-aligned
     */
    public ArgumentArea(long base) {
        if ((base & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format("argument area must be page-aligned, not %#x", base));
        }
        this.base = base;
    }

    /** The first page's virtual address. */
    public long base() {
        return base;
    }

    /** The completion word ({@code pdone}) of batched MMU calls. */
    public long doneVa() {
        return base;
    }

    /** Where one call's structures start. */
    public long callVa() {
        return base + CALL_STRUCTS_OFFSET;
    }

    /** The extent list of a reservation. */
    public long listVa() {
        return base + PAGE_SIZE;
    }

    /** The multicall entries. */
    public long multicallVa() {
        return base + 2L * PAGE_SIZE;
    }

    /** The structures batched calls point to. */
    public long multicallArgsVa() {
        return base + 3L * PAGE_SIZE;
    }

    /** The initial scratch buffer. */
    public long bufferVa() {
        return base + 4L * PAGE_SIZE;
    }
}
