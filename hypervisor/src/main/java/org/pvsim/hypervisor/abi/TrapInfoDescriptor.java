package org.pvsim.hypervisor.abi;

/**
 * {@code struct trap_info} ({@code xen/include/public/arch-x86/xen.h}): one entry of a PV guest's virtual IDT, as
 * {@code set_trap_table} takes them and {@code vcpu_guest_context.trap_ctxt} holds them. A list passed to {@code
 * set_trap_table} ends at the first entry whose {@code address} is 0.
 *
 * <p>{@code flags} bits 1:0 are the privilege level that may raise the vector with a software interrupt (on x86-64:
 * 0 nobody, 1 or 2 the kernel, 3 everyone); bit 2 set means event delivery is disabled on entry, as an interrupt gate
 * clears IF.
 */
public final class TrapInfoDescriptor {
    /** {@code uint8_t vector}: the exception or interrupt vector. */
    public static final int VECTOR_OFFSET = 0;
    /** {@code uint8_t flags}: DPL in bits 1:0, "disable events" in bit 2. */
    public static final int FLAGS_OFFSET = 1;
    /** {@code uint16_t cs}: code selector of the handler. */
    public static final int CS_OFFSET = 2;
    /** {@code unsigned long address}: the handler's address (after 4 bytes of padding). */
    public static final int ADDRESS_OFFSET = 8;
    /** {@code sizeof(struct trap_info)}: the stride of a trap table. */
    public static final int SIZE = 16;

    public static final StructLayout LAYOUT = StructLayout.builder("trap_info")
            .field("vector", VECTOR_OFFSET, CType.UINT8)
            .field("flags", FLAGS_OFFSET, CType.UINT8)
            .field("cs", CS_OFFSET, CType.UINT16)
            .field("address", ADDRESS_OFFSET, CType.ULONG)
            .build(SIZE);

    private TrapInfoDescriptor() {}

    /** The privilege level in a {@code flags} value ({@code TI_GET_DPL}). */
    public static int dpl(int flags) {
        return flags & 3;
    }

    /** Whether a {@code flags} value asks to disable event delivery on entry ({@code TI_GET_IF}). */
    public static boolean disablesEvents(int flags) {
        return (flags & 4) != 0;
    }
}
