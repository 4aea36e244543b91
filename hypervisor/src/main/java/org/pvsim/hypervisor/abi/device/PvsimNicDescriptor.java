package org.pvsim.hypervisor.abi.device;

/**
 * The machine's network card as dom0's driver programs it: pvsim's own minimal device (not a real NIC's register set),
 * 64 I/O ports from {@link #PORT_BASE}, interrupt line {@link #GSI}, descriptor rings and frames in dom0's memory by
 * DMA. Described once here; the device model and dom0's driver both use it.
 *
 * <p>Protocol (a simplified e1000): two rings of {@link #RING_SIZE} descriptors, each ring one page, set with {@link
 * #REG_TX_BASE_LO}/{@code HI} and {@link #REG_RX_BASE_LO}/{@code HI}. To send, the driver fills TX descriptors (a
 * frame's machine address and length) and moves {@link #REG_TX_TAIL}; the device sends them in order at line rate and
 * sets {@link #DESC_DONE} in each as it goes, moving {@link #REG_TX_HEAD}. To receive, the driver posts RX descriptors
 * (a buffer's machine address, a whole page) up to {@link #REG_RX_TAIL}; the device writes each arriving frame into the
 * next one, with its length and {@link #DESC_DONE}. A frame that finds no posted buffer is dropped and counted in
 * {@link #REG_MISSED}. Indices are free-running u32; a ring slot is {@code index % RING_SIZE}. Each completion sets a
 * bit in {@link #REG_ISR} (cleared by reading it) and raises the line.
 */
public final class PvsimNicDescriptor {
    /** The first I/O port. */
    public static final int PORT_BASE = 0xC100;
    /** I/O ports the card decodes. */
    public static final int PORT_COUNT = 0x40;
    /** The interrupt line (GSI) it raises. */
    public static final int GSI = 10;

    /** r: {@link #ID}. */
    public static final int REG_ID = 0x00;
    /** r: the MAC address, bytes 0..3 (byte 0 lowest). */
    public static final int REG_MAC_LO = 0x04;
    /** r: the MAC address, bytes 4..5. */
    public static final int REG_MAC_HI = 0x08;
    /** r: the line rate in Mb/s. */
    public static final int REG_LINK_MBPS = 0x0C;
    /** rw: the TX ring's machine address, low 32 bits. */
    public static final int REG_TX_BASE_LO = 0x10;
    /** rw: the TX ring's machine address, high 32 bits. */
    public static final int REG_TX_BASE_HI = 0x14;
    /** w: the driver's TX producer index. */
    public static final int REG_TX_TAIL = 0x18;
    /** r: the device's TX consumer index: descriptors before it are sent. */
    public static final int REG_TX_HEAD = 0x1C;
    /** rw: the RX ring's machine address, low 32 bits. */
    public static final int REG_RX_BASE_LO = 0x20;
    /** rw: the RX ring's machine address, high 32 bits. */
    public static final int REG_RX_BASE_HI = 0x24;
    /** w: the driver's RX producer index: buffers before it are posted. */
    public static final int REG_RX_TAIL = 0x28;
    /** r: the device's RX consumer index: descriptors before it hold frames. */
    public static final int REG_RX_HEAD = 0x2C;
    /** r: interrupt causes, cleared by the read. */
    public static final int REG_ISR = 0x30;
    /** w: {@link #CONTROL_ENABLE} to start; 0 resets both rings. */
    public static final int REG_CONTROL = 0x34;
    /** r: the interrupt line, {@link #GSI}. */
    public static final int REG_IRQ = 0x38;
    /** r: frames dropped because no RX buffer was posted. */
    public static final int REG_MISSED = 0x3C;

    /** {@link #REG_ID}'s value: {@code "PVN1"} little-endian. */
    public static final int ID = 0x314E5650;
    /** {@link #REG_CONTROL}: enabled. */
    public static final int CONTROL_ENABLE = 1;
    /** {@link #REG_ISR}: TX descriptors were completed. */
    public static final int ISR_TX = 1;
    /** {@link #REG_ISR}: frames were received. */
    public static final int ISR_RX = 2;

    /** Descriptors in each ring: one 4 KiB page of {@link #DESC_SIZE}-byte descriptors. */
    public static final int RING_SIZE = 256;
    /** Bytes of one descriptor. */
    public static final int DESC_SIZE = 16;
    /** u64 the buffer's machine address. */
    public static final int DESC_ADDR_OFFSET = 0;
    /** u16 the frame's length (TX: written by the driver; RX: by the device). */
    public static final int DESC_LENGTH_OFFSET = 8;
    /** u8 status: {@link #DESC_DONE}. */
    public static final int DESC_STATUS_OFFSET = 10;
    /** Status bit: the device is done with the descriptor. */
    public static final int DESC_DONE = 1;

    /** The longest frame, without the frame check sequence. */
    public static final int MAX_FRAME = 1514;
    /** The shortest frame on the wire, without the frame check sequence (shorter ones are padded). */
    public static final int MIN_FRAME = 60;
    /** Bytes on the wire around each frame: preamble and start delimiter (8), FCS (4), inter-frame gap (12). */
    public static final int WIRE_OVERHEAD = 24;

    private PvsimNicDescriptor() {}

    /** The byte offset of descriptor {@code index} (free-running) in its ring page. */
    public static int descOffset(int index) {
        return (index & (RING_SIZE - 1)) * DESC_SIZE;
    }
}
