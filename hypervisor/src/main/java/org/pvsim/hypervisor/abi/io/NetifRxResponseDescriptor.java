package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct netif_rx_response} ({@code xen/include/public/io/netif.h}): the frame copied into the buffer of RX
 * request {@code id}, at {@code offset}; {@code status} is its size, or a negative {@code NETIF_RSP_*} code.
 */
public final class NetifRxResponseDescriptor {
    /** {@code uint16_t id}. */
    public static final int ID_OFFSET = 0;
    /** {@code uint16_t offset}. */
    public static final int OFFSET_OFFSET = 2;
    /** {@code uint16_t flags} ({@code NETRXF_*}). */
    public static final int FLAGS_OFFSET = 4;
    /** {@code int16_t status}. */
    public static final int STATUS_OFFSET = 6;
    /** {@code sizeof(struct netif_rx_response)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("netif_rx_response")
            .field("id", ID_OFFSET, CType.UINT16)
            .field("offset", OFFSET_OFFSET, CType.UINT16)
            .field("flags", FLAGS_OFFSET, CType.UINT16)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private NetifRxResponseDescriptor() {}
}
