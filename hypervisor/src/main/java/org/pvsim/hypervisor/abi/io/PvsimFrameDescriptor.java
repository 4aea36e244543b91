package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * The frames pvsim's network moves: Ethernet II without the frame check sequence (destination MAC, source MAC,
 * big-endian ethertype, payload; 60 to 1514 bytes as a driver hands them over), and the payload of pvsim's own test
 * protocol, carried with ethertype {@link #ETHERTYPE_PVSIM} (IEEE 802 "local experimental ethertype 1"). This is not
 * a Xen interface: Xen moves frames without looking into them. It is described once here because the guests' {@code
 * net} workload, dom0's bridge and the machine's wire peer all read it.
 *
 * <p>The test payload is little-endian: {@code u8 kind}, {@code u8 pad}, {@code u16 flow}, {@code u32 seq}, {@code u64
 * sent_ns} (the sender's TSC), {@code u32 checksum} and 4 bytes of padding (24 bytes, as a C compiler lays them
 * out), then filler up to the frame's length. The checksum is the CRC32C ({@code java.util.zip.CRC32C}) of the
 * filler, the frame's bytes from {@link #FILLER_OFFSET} to its end.
 */
public final class PvsimFrameDescriptor {
    /** Offset of the destination MAC address. */
    public static final int DST_MAC_OFFSET = 0;
    /** Offset of the source MAC address. */
    public static final int SRC_MAC_OFFSET = 6;
    /** Offset of the ethertype, big-endian. */
    public static final int ETHERTYPE_OFFSET = 12;
    /** Bytes of the Ethernet header. */
    public static final int ETH_HEADER_SIZE = 14;
    /** Bytes of a MAC address. */
    public static final int MAC_SIZE = 6;
    /** The shortest frame (a minimum Ethernet frame without its 4-byte FCS). */
    public static final int MIN_FRAME = 60;
    /** The longest frame: a 1500-byte MTU plus the header. */
    public static final int MAX_FRAME = 1514;

    /** pvsim's test protocol: IEEE 802 local experimental ethertype 1. */
    public static final int ETHERTYPE_PVSIM = 0x88B5;

    /** Payload {@code u8 kind}. */
    public static final int KIND_OFFSET = ETH_HEADER_SIZE;
    /** Payload {@code u16 flow}: which stream of the sender a frame belongs to. */
    public static final int FLOW_OFFSET = ETH_HEADER_SIZE + 2;
    /** Payload {@code u32 seq}: the sender's sequence number. */
    public static final int SEQ_OFFSET = ETH_HEADER_SIZE + 4;
    /** Payload {@code u64 sent_ns}: the sender's TSC when it built the frame. */
    public static final int SENT_NS_OFFSET = ETH_HEADER_SIZE + 8;
    /** Payload {@code u32 checksum}: CRC32C of the filler. */
    public static final int CHECKSUM_OFFSET = ETH_HEADER_SIZE + 16;
    /** Where the filler starts. */
    public static final int FILLER_OFFSET = ETH_HEADER_SIZE + 24;

    /** {@code kind}: an echo request; the receiver answers with {@link #KIND_ECHO_REPLY}. */
    public static final int KIND_ECHO_REQUEST = 1;
    /** {@code kind}: the answer to an echo request, same flow, seq and sent_ns. */
    public static final int KIND_ECHO_REPLY = 2;
    /** {@code kind}: stream data. */
    public static final int KIND_DATA = 3;

    /** The broadcast address. */
    public static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};

    /**
     * The MAC address of the machine's wire peer, the one host outside the machine: a locally administered unicast
     * address ({@code 02:...}), so that it never clashes with Xen's {@code 00:16:3e} guests.
     */
    public static final byte[] WIRE_PEER_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

    /** The Ethernet header. */
    public static final StructLayout ETH_HEADER = StructLayout.builder("ethhdr")
            .field("h_dest", DST_MAC_OFFSET, CType.UINT8.array(MAC_SIZE))
            .field("h_source", SRC_MAC_OFFSET, CType.UINT8.array(MAC_SIZE))
            .field("h_proto", ETHERTYPE_OFFSET, CType.UINT16)
            .build(ETH_HEADER_SIZE);

    /** The test payload's fixed part, offsets relative to the payload (the frame's offset minus the header). */
    public static final StructLayout PAYLOAD = StructLayout.builder("pvsim test payload")
            .field("kind", KIND_OFFSET - ETH_HEADER_SIZE, CType.UINT8)
            .field("pad", KIND_OFFSET + 1 - ETH_HEADER_SIZE, CType.UINT8)
            .field("flow", FLOW_OFFSET - ETH_HEADER_SIZE, CType.UINT16)
            .field("seq", SEQ_OFFSET - ETH_HEADER_SIZE, CType.UINT32)
            .field("sent_ns", SENT_NS_OFFSET - ETH_HEADER_SIZE, CType.UINT64)
            .field("checksum", CHECKSUM_OFFSET - ETH_HEADER_SIZE, CType.UINT32)
            .build(FILLER_OFFSET - ETH_HEADER_SIZE);

    private PvsimFrameDescriptor() {}

    /** The big-endian ethertype of the frame in {@code b} at {@code off}. */
    public static int ethertype(byte[] b, int off) {
        return ((b[off + ETHERTYPE_OFFSET] & 0xFF) << 8) | (b[off + ETHERTYPE_OFFSET + 1] & 0xFF);
    }

    /** Writes the big-endian ethertype of the frame in {@code b} at {@code off}. */
    public static void putEthertype(byte[] b, int off, int type) {
        b[off + ETHERTYPE_OFFSET] = (byte) (type >>> 8);
        b[off + ETHERTYPE_OFFSET + 1] = (byte) type;
    }

    /** Whether the destination MAC of the frame in {@code b} at {@code off} is a group (multicast/broadcast) address. */
    public static boolean isGroup(byte[] b, int off) {
        return (b[off + DST_MAC_OFFSET] & 1) != 0;
    }
}
