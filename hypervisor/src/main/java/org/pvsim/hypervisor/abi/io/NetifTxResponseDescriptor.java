package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct netif_tx_response} ({@code xen/include/public/io/netif.h}): the request {@code id} is done with
 * {@code status}, a {@code NETIF_RSP_*} code. The same codes answer RX requests ({@link NetifRxResponseDescriptor}),
 * where a non-negative status is the frame's size.
 */
public final class NetifTxResponseDescriptor {
    /** {@code NETIF_RSP_DROPPED}. */
    public static final int NETIF_RSP_DROPPED = -2;
    /** {@code NETIF_RSP_ERROR}. */
    public static final int NETIF_RSP_ERROR = -1;
    /** {@code NETIF_RSP_OKAY}. */
    public static final int NETIF_RSP_OKAY = 0;
    /** {@code NETIF_RSP_NULL}: a response for an extra-info slot, no request. */
    public static final int NETIF_RSP_NULL = 1;

    /** {@code uint16_t id}. */
    public static final int ID_OFFSET = 0;
    /** {@code int16_t status}. */
    public static final int STATUS_OFFSET = 2;
    /** {@code sizeof(struct netif_tx_response)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("netif_tx_response")
            .field("id", ID_OFFSET, CType.UINT16)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private NetifTxResponseDescriptor() {}
}
