package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct xencons_interface} ({@code xen/include/public/io/console.h}): a domain's PV console page, found
 * through {@code start_info.console.domU.mfn} and notified through {@code console.domU.evtchn}. The guest produces
 * {@code out} (its output, {@code out_prod}) and the console daemon consumes it ({@code out_cons}); {@code in} carries
 * keystrokes the other way. Indices are free-running unsigned 32-bit counters masked with the ring's size
 * ({@code MASK_XENCONS_IDX}).
 */
public final class XenconsInterfaceDescriptor {
    /** {@code sizeof(in)}: bytes of the input ring. */
    public static final int IN_SIZE = 1024;
    /** {@code sizeof(out)}: bytes of the output ring. */
    public static final int OUT_SIZE = 2048;

    /** {@code char in[1024]}: input to the guest. */
    public static final int IN_OFFSET = 0;
    /** {@code char out[2048]}: the guest's output. */
    public static final int OUT_OFFSET = 1024;
    /** {@code XENCONS_RING_IDX in_cons}. */
    public static final int IN_CONS_OFFSET = 3072;
    /** {@code XENCONS_RING_IDX in_prod}. */
    public static final int IN_PROD_OFFSET = 3076;
    /** {@code XENCONS_RING_IDX out_cons}. */
    public static final int OUT_CONS_OFFSET = 3080;
    /** {@code XENCONS_RING_IDX out_prod}. */
    public static final int OUT_PROD_OFFSET = 3084;
    /** {@code sizeof(struct xencons_interface)}. */
    public static final int SIZE = 3088;

    public static final StructLayout LAYOUT = StructLayout.builder("xencons_interface")
            .field("in", IN_OFFSET, CType.CHAR.array(IN_SIZE))
            .field("out", OUT_OFFSET, CType.CHAR.array(OUT_SIZE))
            .field("in_cons", IN_CONS_OFFSET, CType.UINT32)
            .field("in_prod", IN_PROD_OFFSET, CType.UINT32)
            .field("out_cons", OUT_CONS_OFFSET, CType.UINT32)
            .field("out_prod", OUT_PROD_OFFSET, CType.UINT32)
            .build(SIZE);

    private XenconsInterfaceDescriptor() {}
}
