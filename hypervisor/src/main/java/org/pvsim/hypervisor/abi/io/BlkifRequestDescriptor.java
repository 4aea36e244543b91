package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct blkif_request} ({@code xen/include/public/io/blkif.h}) on x86-64: one request of a blkif ring, 112
 * bytes, so a one-page ring has 32 slots. {@code sector_number} counts 512-byte sectors; each segment names one
 * granted page and the sectors of it ({@code first_sect} to {@code last_sect}, 0 to 7) the request moves, in order.
 */
public final class BlkifRequestDescriptor {
    /** {@code BLKIF_MAX_SEGMENTS_PER_REQUEST}. */
    public static final int BLKIF_MAX_SEGMENTS_PER_REQUEST = 11;
    /** Bytes of a sector, the unit of {@code sector_number}. */
    public static final int SECTOR_SIZE = 512;
    /** Sectors in a page: a segment's {@code last_sect} is at most this minus 1. */
    public static final int SECTORS_PER_PAGE = 8;

    /** {@code uint8_t operation}: a {@link BlkifOp}. */
    public static final int OPERATION_OFFSET = 0;
    /** {@code uint8_t nr_segments}. */
    public static final int NR_SEGMENTS_OFFSET = 1;
    /** {@code blkif_vdev_t handle}. */
    public static final int HANDLE_OFFSET = 2;
    /** {@code uint64_t id}: echoed in the response. */
    public static final int ID_OFFSET = 8;
    /** {@code blkif_sector_t sector_number}: the first sector. */
    public static final int SECTOR_NUMBER_OFFSET = 16;
    /** {@code struct blkif_request_segment seg[11]}. */
    public static final int SEG_OFFSET = 24;
    /** Bytes of a segment. */
    public static final int SEG_SIZE = 8;
    /** {@code grant_ref_t gref}, within a segment. */
    public static final int SEG_GREF_OFFSET = 0;
    /** {@code uint8_t first_sect}, within a segment. */
    public static final int SEG_FIRST_SECT_OFFSET = 4;
    /** {@code uint8_t last_sect}, within a segment. */
    public static final int SEG_LAST_SECT_OFFSET = 5;
    /** {@code sizeof(struct blkif_request)}. */
    public static final int SIZE = 112;

    public static final StructLayout SEGMENT = StructLayout.builder("blkif_request_segment")
            .field("gref", SEG_GREF_OFFSET, CType.UINT32)
            .field("first_sect", SEG_FIRST_SECT_OFFSET, CType.UINT8)
            .field("last_sect", SEG_LAST_SECT_OFFSET, CType.UINT8)
            .build(SEG_SIZE);

    public static final StructLayout LAYOUT = StructLayout.builder("blkif_request")
            .field("operation", OPERATION_OFFSET, CType.UINT8)
            .field("nr_segments", NR_SEGMENTS_OFFSET, CType.UINT8)
            .field("handle", HANDLE_OFFSET, CType.UINT16)
            .field("id", ID_OFFSET, CType.UINT64)
            .field("sector_number", SECTOR_NUMBER_OFFSET, CType.UINT64)
            .field("seg", SEG_OFFSET, SEGMENT.type().array(BLKIF_MAX_SEGMENTS_PER_REQUEST))
            .build(SIZE);

    private BlkifRequestDescriptor() {}

    /** The offset of segment {@code i}'s field at {@code fieldOffset}. */
    public static int seg(int i, int fieldOffset) {
        return SEG_OFFSET + i * SEG_SIZE + fieldOffset;
    }
}
