package org.pvsim.hypervisor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.device.PvsimNicDescriptor.*;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.device.DiskSpec;
import org.pvsim.hypervisor.abi.device.MachineDevicesSpec;
import org.pvsim.hypervisor.abi.device.NicSpec;
import org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor;

/** The network card and its wire peer: line rate, echo, RX buffers, and what it refuses. */
class MachineNicTest {
    private static final long TX_RING = 200;
    private static final long RX_RING = 201;
    private static final long TX_BUF = 210; // one frame per TX slot, frames TX_BUF..+15
    private static final long RX_BUF = 230;
    private static final byte[] GUEST_MAC = {0x00, 0x16, 0x3e, 0x00, 0x00, 0x07};

    private static DeviceBench bench(NicSpec nic) {
        DeviceBench b = new DeviceBench(new MachineDevicesSpec(DiskSpec.nvme(DiskSpec.DEFAULT_SECTORS), nic));
        b.out(PORT_BASE + REG_TX_BASE_LO, (int) DeviceBench.maddr(TX_RING, 0));
        b.out(PORT_BASE + REG_RX_BASE_LO, (int) DeviceBench.maddr(RX_RING, 0));
        b.out(PORT_BASE + REG_CONTROL, CONTROL_ENABLE);
        return b;
    }

    private static byte[] frame(byte[] dst, int kind, int len) {
        byte[] f = new byte[len];
        System.arraycopy(dst, 0, f, PvsimFrameDescriptor.DST_MAC_OFFSET, 6);
        System.arraycopy(GUEST_MAC, 0, f, PvsimFrameDescriptor.SRC_MAC_OFFSET, 6);
        PvsimFrameDescriptor.putEthertype(f, 0, PvsimFrameDescriptor.ETHERTYPE_PVSIM);
        f[PvsimFrameDescriptor.KIND_OFFSET] = (byte) kind;
        for (int i = PvsimFrameDescriptor.FILLER_OFFSET; i < len; i++) {
            f[i] = (byte) i;
        }
        return f;
    }

    /** Puts {@code f} in TX slot {@code i} (not yet given to the card). */
    private static void queue(DeviceBench b, int i, byte[] f) {
        long buf = TX_BUF + (i % 16);
        b.memory.write(buf, 0, f, 0, f.length);
        byte[] d = new byte[DESC_SIZE];
        LittleEndian.putI64(d, DESC_ADDR_OFFSET, buf << 12);
        LittleEndian.putU16(d, DESC_LENGTH_OFFSET, f.length);
        b.memory.write(TX_RING, descOffset(i), d, 0, DESC_SIZE);
    }

    private static void postRx(DeviceBench b, int n) {
        for (int i = 0; i < n; i++) {
            byte[] d = new byte[DESC_SIZE];
            LittleEndian.putI64(d, DESC_ADDR_OFFSET, (RX_BUF + i) << 12);
            b.memory.write(RX_RING, descOffset(i), d, 0, DESC_SIZE);
        }
        b.out(PORT_BASE + REG_RX_TAIL, n);
    }

    @Test
    void anEchoRequestToTheWirePeerComesBackAfterTheWireTimesAndLatency() {
        NicSpec nic = NicSpec.DEFAULT;
        DeviceBench b = bench(nic);
        postRx(b, 4);
        byte[] request = frame(PvsimFrameDescriptor.WIRE_PEER_MAC, PvsimFrameDescriptor.KIND_ECHO_REQUEST, 64);
        queue(b, 0, request);
        b.out(PORT_BASE + REG_TX_TAIL, 1);

        long sent = nic.wireNs(64) + nic.perFrameNs();
        b.runUntil(sent);
        assertThat(b.in(PORT_BASE + REG_TX_HEAD)).isEqualTo(1);
        assertThat(b.memory.read8(TX_RING, descOffset(0) + DESC_STATUS_OFFSET)).isEqualTo(DESC_DONE);
        assertThat(b.interrupts).hasSize(1);
        assertThat(b.interrupts.get(0)[0]).isEqualTo(sent);
        assertThat(b.in(PORT_BASE + REG_ISR)).isEqualTo(ISR_TX);

        long back = sent + nic.wireLatencyNs() + nic.wireNs(64);
        b.runUntil(back - 1);
        assertThat(b.in(PORT_BASE + REG_RX_HEAD)).isZero();
        b.runUntil(back);
        assertThat(b.in(PORT_BASE + REG_RX_HEAD)).isEqualTo(1);
        assertThat(b.memory.read16(RX_RING, descOffset(0) + DESC_LENGTH_OFFSET)).isEqualTo(64);
        byte[] reply = new byte[64];
        b.memory.read(RX_BUF, 0, reply, 0, 64);
        byte[] expected = request.clone();
        System.arraycopy(GUEST_MAC, 0, expected, PvsimFrameDescriptor.DST_MAC_OFFSET, 6);
        System.arraycopy(PvsimFrameDescriptor.WIRE_PEER_MAC, 0, expected, PvsimFrameDescriptor.SRC_MAC_OFFSET, 6);
        expected[PvsimFrameDescriptor.KIND_OFFSET] = (byte) PvsimFrameDescriptor.KIND_ECHO_REPLY;
        assertThat(reply).isEqualTo(expected);
        assertThat(b.devices.nic().peer().echoed()).isEqualTo(1);
        assertThat(b.devices.nic().rxFrames()).isEqualTo(1);
    }

    @Test
    void framesLeaveOneAfterAnotherAtLineRate() {
        NicSpec gigabit = new NicSpec(1000, 0, 1000);
        DeviceBench b = bench(gigabit);
        for (int i = 0; i < 16; i++) {
            queue(b, i, frame(PvsimFrameDescriptor.WIRE_PEER_MAC, PvsimFrameDescriptor.KIND_DATA, 1514));
        }
        b.out(PORT_BASE + REG_TX_TAIL, 16);
        long perFrame = gigabit.wireNs(1514);
        assertThat(perFrame).as("(1514 + 24) bytes at 1 Gb/s").isEqualTo(12_304);
        b.runUntil(16 * perFrame - 1);
        assertThat(b.devices.nic().txFrames()).isEqualTo(15);
        b.runUntil(16 * perFrame);
        assertThat(b.devices.nic().txFrames()).isEqualTo(16);
        assertThat(b.devices.nic().peer().dataFrames()).isEqualTo(16);
        assertThat(b.devices.nic().peer().dataBytes()).isEqualTo(16 * 1514);
    }

    @Test
    void withoutPostedBuffersAnswersAreMissedAndBadDescriptorsAreSkipped() {
        DeviceBench b = bench(NicSpec.DEFAULT);
        queue(b, 0, frame(PvsimFrameDescriptor.WIRE_PEER_MAC, PvsimFrameDescriptor.KIND_ECHO_REQUEST, 100));
        queue(b, 1, new byte[8]); // shorter than an Ethernet header
        queue(b, 2, frame(GUEST_MAC, PvsimFrameDescriptor.KIND_ECHO_REQUEST, 60)); // not for the peer
        b.out(PORT_BASE + REG_TX_TAIL, 3);
        b.runUntil(1_000_000);
        assertThat(b.in(PORT_BASE + REG_TX_HEAD)).isEqualTo(3);
        assertThat(b.devices.nic().txErrors()).isEqualTo(1);
        assertThat(b.devices.nic().peer().notForMe()).isEqualTo(1);
        assertThat(b.in(PORT_BASE + REG_MISSED)).isEqualTo(1);
        // a tail far beyond the head is clamped to one ring: the card never runs past it
        b.out(PORT_BASE + REG_TX_TAIL, 3 + 10 * RING_SIZE);
        b.out(PORT_BASE + REG_CONTROL, 0);
        assertThat(b.in(PORT_BASE + REG_TX_HEAD)).isZero();
    }

    @Test
    void theCardReportsItsIdentity() {
        DeviceBench b = bench(new NicSpec(25_000, 50, 500));
        assertThat(b.in(PORT_BASE + REG_ID)).isEqualTo(ID);
        assertThat(b.in(PORT_BASE + REG_LINK_MBPS)).isEqualTo(25_000);
        assertThat(b.in(PORT_BASE + REG_IRQ)).isEqualTo(GSI);
        assertThat(b.in(PORT_BASE + REG_MAC_LO) & 0xFF).isEqualTo(MachineNic.MAC[0]);
        assertThat(b.in(PORT_BASE + REG_MAC_HI) >> 8).isEqualTo(MachineNic.MAC[5]);
    }
}
