package org.pvsim.hypervisor.abi;

/**
 * {@code struct vcpu_info} ({@code xen/include/public/xen.h}, with {@code struct arch_vcpu_info} from {@code
 * arch-x86/xen-x86_64.h}): one vCPU's event and time state, 64 bytes, in the shared-info page (or wherever {@code
 * VCPUOP_register_vcpu_info} moved it).
 *
 * <p>Xen sets {@code evtchn_upcall_pending} and a bit in {@code evtchn_pending_sel} for each word of {@code
 * shared_info.evtchn_pending} that gained a pending, unmasked port; it delivers an upcall only while {@code
 * evtchn_upcall_mask} is 0. The guest clears the pending flag before it scans, so a new event is never lost.
 */
public final class VcpuInfoDescriptor {
    /** {@code uint8_t evtchn_upcall_pending}. */
    public static final int EVTCHN_UPCALL_PENDING_OFFSET = 0;
    /** {@code uint8_t evtchn_upcall_mask}: non-zero blocks upcalls. */
    public static final int EVTCHN_UPCALL_MASK_OFFSET = 1;
    /** {@code xen_ulong_t evtchn_pending_sel}: one bit per word of the pending bitmap. */
    public static final int EVTCHN_PENDING_SEL_OFFSET = 8;
    /** Start of {@code struct arch_vcpu_info arch}. */
    public static final int ARCH_OFFSET = 16;
    /** {@code unsigned long arch.cr2}: the faulting address of the last page fault. */
    public static final int ARCH_CR2_OFFSET = 16;
    /** {@code unsigned long arch.pad}: pads the structure to 64 bytes. */
    public static final int ARCH_PAD_OFFSET = 24;
    /** {@code struct vcpu_time_info time}: see {@link VcpuTimeInfoDescriptor} for its fields. */
    public static final int TIME_OFFSET = 32;
    /** {@code sizeof(struct vcpu_info)}: 64 on x86, as the header states. */
    public static final int SIZE = 64;

    public static final StructLayout LAYOUT = StructLayout.builder("vcpu_info")
            .field("evtchn_upcall_pending", EVTCHN_UPCALL_PENDING_OFFSET, CType.UINT8)
            .field("evtchn_upcall_mask", EVTCHN_UPCALL_MASK_OFFSET, CType.UINT8)
            .field("evtchn_pending_sel", EVTCHN_PENDING_SEL_OFFSET, CType.XEN_ULONG)
            .field("arch.cr2", ARCH_CR2_OFFSET, CType.ULONG)
            .field("arch.pad", ARCH_PAD_OFFSET, CType.ULONG)
            .field("time", TIME_OFFSET, VcpuTimeInfoDescriptor.LAYOUT.type())
            .build(SIZE);

    private VcpuInfoDescriptor() {}
}
