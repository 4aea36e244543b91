package org.pvsim.hypervisor.abi.device;

/**
 * The machine's disk controller as dom0's driver programs it: pvsim's own minimal device (not a real controller's
 * register set), 64 I/O ports from {@link #PORT_BASE}, interrupt line {@link #GSI}, commands and completions in dom0's
 * memory by DMA. Described once here; the device model and dom0's driver both use it.
 *
 * <p>Protocol. The driver gives the device a completion page ({@link #REG_CQ_BASE_LO}/{@code HI}, machine address,
 * page aligned), enables it ({@link #REG_CONTROL}), then submits each command by writing the command's machine
 * address ({@link #REG_CMD_ADDR_LO}, then {@link #REG_CMD_ADDR_HI}, which submits). At most {@link #REG_MAX_QUEUE}
 * commands may be outstanding; one more completes at once with {@link #STATUS_BUSY}. When a command is done the
 * device moves the data, writes {@link #CMD_STATUS_OFFSET} and appends {@code tag | status << 16} to the completion
 * page's ring ({@link #CQ_ENTRIES_OFFSET}, {@link #CQ_ENTRIES} entries), bumps the page's producer index ({@link
 * #CQ_PROD_OFFSET}, free-running), sets {@link #ISR_COMPLETION} in {@link #REG_ISR} and raises its line. Reading
 * {@link #REG_ISR} clears it.
 */
public final class PvsimDiskDescriptor {
    /** The first I/O port. */
    public static final int PORT_BASE = 0xC000;
    /** I/O ports the controller decodes. */
    public static final int PORT_COUNT = 0x40;
    /** The interrupt line (GSI) it raises. */
    public static final int GSI = 11;

    /** r: {@link #ID}. */
    public static final int REG_ID = 0x00;
    /** r: capacity in 512-byte sectors, low 32 bits. */
    public static final int REG_CAPACITY_LO = 0x04;
    /** r: capacity in sectors, high 32 bits. */
    public static final int REG_CAPACITY_HI = 0x08;
    /** r: the most commands that may be outstanding (the queue depth). */
    public static final int REG_MAX_QUEUE = 0x0C;
    /** w: machine address of the next command, low 32 bits. */
    public static final int REG_CMD_ADDR_LO = 0x18;
    /** w: machine address of the next command, high 32 bits; writing it submits the command. */
    public static final int REG_CMD_ADDR_HI = 0x1C;
    /** rw: machine address of the completion page, low 32 bits. */
    public static final int REG_CQ_BASE_LO = 0x20;
    /** rw: machine address of the completion page, high 32 bits. */
    public static final int REG_CQ_BASE_HI = 0x24;
    /** r: interrupt status, cleared by the read. */
    public static final int REG_ISR = 0x28;
    /** w: {@link #CONTROL_ENABLE} to start; 0 resets (outstanding commands are abandoned, the ring restarts). */
    public static final int REG_CONTROL = 0x2C;
    /** r: the interrupt line, {@link #GSI}. */
    public static final int REG_IRQ = 0x30;
    /** w: fail N more commands with {@link #STATUS_ERROR} (pvsim's fault injection; no real disk has it). */
    public static final int REG_FAIL_NEXT = 0x34;
    /** r: commands completed since reset, low 32 bits. */
    public static final int REG_COMPLETED = 0x38;

    /** {@link #REG_ID}'s value: {@code "PVD1"} little-endian. */
    public static final int ID = 0x31445650;
    /** {@link #REG_CONTROL}: enabled. */
    public static final int CONTROL_ENABLE = 1;
    /** {@link #REG_ISR}: completions were posted. */
    public static final int ISR_COMPLETION = 1;

    // ---- a command, in dom0's memory, 8-byte aligned, within one page ----
    /** u8 {@link #OP_READ}, {@link #OP_WRITE} or {@link #OP_FLUSH}. */
    public static final int CMD_OP_OFFSET = 0;
    /** u8 number of segments, 0..{@link #MAX_SEGMENTS}. */
    public static final int CMD_NR_SEGMENTS_OFFSET = 1;
    /** u16 the driver's tag, returned in the completion. */
    public static final int CMD_TAG_OFFSET = 2;
    /** u32 status, written by the device: a {@code STATUS_*}. */
    public static final int CMD_STATUS_OFFSET = 4;
    /** u64 the first sector. */
    public static final int CMD_SECTOR_OFFSET = 8;
    /** The segments: {@link #SEGMENT_SIZE} bytes each. */
    public static final int CMD_SEGMENTS_OFFSET = 16;
    /** One segment: u64 machine address, u32 bytes (a multiple of 512, within one 4 KiB frame), u32 reserved. */
    public static final int SEGMENT_SIZE = 16;
    /** Offset of a segment's machine address. */
    public static final int SEGMENT_MADDR_OFFSET = 0;
    /** Offset of a segment's length in bytes. */
    public static final int SEGMENT_BYTES_OFFSET = 8;
    /** The most segments a command has (as blkif's {@code BLKIF_MAX_SEGMENTS_PER_REQUEST}). */
    public static final int MAX_SEGMENTS = 11;
    /** The bytes of the largest command. */
    public static final int CMD_MAX_SIZE = CMD_SEGMENTS_OFFSET + MAX_SEGMENTS * SEGMENT_SIZE;

    /** Read sectors into the segments. */
    public static final int OP_READ = 0;
    /** Write the segments to sectors. */
    public static final int OP_WRITE = 1;
    /** Make earlier writes durable. */
    public static final int OP_FLUSH = 2;

    /** Done. */
    public static final int STATUS_OK = 0;
    /** The medium failed (or a {@link #REG_FAIL_NEXT} injection). */
    public static final int STATUS_ERROR = 1;
    /** Refused: the queue was full. */
    public static final int STATUS_BUSY = 2;
    /** Refused: a malformed command (bad op, segments, alignment, or beyond the capacity). */
    public static final int STATUS_INVALID = 3;
    /** What the driver writes before submitting: not yet completed. */
    public static final int STATUS_PENDING = 0xFFFF;

    // ---- the completion page ----
    /** u32 producer index, free-running, written by the device. */
    public static final int CQ_PROD_OFFSET = 0;
    /** The ring of u32 completions. */
    public static final int CQ_ENTRIES_OFFSET = 64;
    /** Entries in the completion ring: the page minus its header, a power of two. */
    public static final int CQ_ENTRIES = 512;
    /** Bytes of one completion. */
    public static final int CQ_ENTRY_SIZE = 4;

    /** Bytes of a sector. */
    public static final int SECTOR_SIZE = 512;

    private PvsimDiskDescriptor() {}

    /** The completion word for {@code tag} and {@code status}. */
    public static int completion(int tag, int status) {
        return (tag & 0xFFFF) | (status << 16);
    }

    /** The byte offset of completion {@code index} (free-running) in the completion page. */
    public static int completionOffset(int index) {
        return CQ_ENTRIES_OFFSET + (index & (CQ_ENTRIES - 1)) * CQ_ENTRY_SIZE;
    }
}
