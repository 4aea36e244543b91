package org.pvsim.hypervisor.abi;

/**
 * {@code struct callback_register} ({@code xen/include/public/callback.h}): the argument of {@code
 * CALLBACKOP_register}. On x86-64 {@code xen_callback_t} is an {@code unsigned long} guest address, which must be
 * canonical ({@code -EINVAL}). {@code struct callback_unregister} is the first four bytes ({@code type}, {@code
 * _unused}).
 */
public final class CallbackRegisterDescriptor {
    /** {@code uint16_t type}: a {@link CallbackType} code. */
    public static final int TYPE_OFFSET = 0;
    /** {@code uint16_t flags}: {@code CALLBACKF_*}. */
    public static final int FLAGS_OFFSET = 2;
    /** {@code xen_callback_t address}. */
    public static final int ADDRESS_OFFSET = 8;
    /** {@code sizeof(struct callback_register)}. */
    public static final int SIZE = 16;
    /** {@code sizeof(struct callback_unregister)}. */
    public static final int UNREGISTER_SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("callback_register")
            .field("type", TYPE_OFFSET, CType.UINT16)
            .field("flags", FLAGS_OFFSET, CType.UINT16)
            .field("address", ADDRESS_OFFSET, CType.ULONG)
            .build(SIZE);

    private CallbackRegisterDescriptor() {}
}
