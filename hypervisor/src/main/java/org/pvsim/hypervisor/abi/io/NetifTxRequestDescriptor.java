package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct netif_tx_request} ({@code xen/include/public/io/netif.h}): one frame (or fragment) the guest sends,
 * {@code size} bytes at {@code offset} in the page granted by {@code gref}; 12 bytes, so a one-page TX ring has 256
 * slots. The {@code NETTXF_*} flags chain fragments and carry checksum offload.
 */
public final class NetifTxRequestDescriptor {
    /** {@code NETTXF_csum_blank}: the protocol checksum field is incomplete. */
    public static final int NETTXF_csum_blank = 1;
    /** {@code NETTXF_data_validated}: the protocol checksum is known good. */
    public static final int NETTXF_data_validated = 2;
    /** {@code NETTXF_more_data}: more fragments of this packet follow. */
    public static final int NETTXF_more_data = 4;
    /** {@code NETTXF_extra_info}: an extra-info slot follows. */
    public static final int NETTXF_extra_info = 8;

    /** {@code grant_ref_t gref}. */
    public static final int GREF_OFFSET = 0;
    /** {@code uint16_t offset}. */
    public static final int OFFSET_OFFSET = 4;
    /** {@code uint16_t flags}. */
    public static final int FLAGS_OFFSET = 6;
    /** {@code uint16_t id}: echoed in the response. */
    public static final int ID_OFFSET = 8;
    /** {@code uint16_t size}: the packet's size (in the first fragment). */
    public static final int SIZE_OFFSET = 10;
    /** {@code sizeof(struct netif_tx_request)}. */
    public static final int SIZE = 12;

    public static final StructLayout LAYOUT = StructLayout.builder("netif_tx_request")
            .field("gref", GREF_OFFSET, CType.UINT32)
            .field("offset", OFFSET_OFFSET, CType.UINT16)
            .field("flags", FLAGS_OFFSET, CType.UINT16)
            .field("id", ID_OFFSET, CType.UINT16)
            .field("size", SIZE_OFFSET, CType.UINT16)
            .build(SIZE);

    private NetifTxRequestDescriptor() {}
}
