package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct netif_rx_request} ({@code xen/include/public/io/netif.h}): a page the guest posts for a frame to be
 * copied into ({@code request-rx-copy}), granted by {@code gref}; 8 bytes, 256 slots a page.
 */
public final class NetifRxRequestDescriptor {
    /** {@code uint16_t id}: echoed in the response. */
    public static final int ID_OFFSET = 0;
    /** {@code uint16_t pad}. */
    public static final int PAD_OFFSET = 2;
    /** {@code grant_ref_t gref}. */
    public static final int GREF_OFFSET = 4;
    /** {@code sizeof(struct netif_rx_request)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("netif_rx_request")
            .field("id", ID_OFFSET, CType.UINT16)
            .field("pad", PAD_OFFSET, CType.UINT16)
            .field("gref", GREF_OFFSET, CType.UINT32)
            .build(SIZE);

    private NetifRxRequestDescriptor() {}
}
