package org.pvsim.hypervisor.device;

import static org.pvsim.hypervisor.abi.device.PvsimNicDescriptor.*;

import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.device.NicSpec;
import org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor;
import org.pvsim.hypervisor.irq.IrqLines;
import org.pvsim.hypervisor.journal.TimerClass;
import org.pvsim.hypervisor.time.HypervisorTimers;
import org.pvsim.hypervisor.time.Timer;

/**
 * The machine's network card ({@link org.pvsim.hypervisor.abi.device.PvsimNicDescriptor} is its programming
 * interface; {@link NicSpec} its timing) and the wire behind it. The card sends the frames of its TX ring one after
 * another at line rate (a device timer per frame); what it sends reaches the {@link WirePeer}, whose answers come back
 * on the wire and are written into the buffers dom0 posted on the RX ring, or dropped and counted when there are none.
 *
 * <p>Invariants: the device's ring indices only move forward and never pass the driver's; a frame is read from dom0's
 * memory once, when its transmission starts; nothing is allocated per frame.
 */
public final class MachineNic implements PortDevice {
    /** The device number in TIMER records' vCPU field. */
    public static final int DEVICE_NUMBER = 1;
    /** The card's MAC address: locally administered, and not one of xl's 00:16:3e addresses. */
    public static final byte[] MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x10};

    private static final int TX_TIMER = 0;
    private static final int RX_TIMER = 1;

    private final NicSpec spec;
    private final Dma dma;
    private final IrqLines lines;
    private final HypervisorTimers timers;
    private final WirePeer peer;
    private final Timer txTimer;
    private final Timer rxTimer;
    private final byte[] desc = new byte[DESC_SIZE];
    private final byte[] txFrame = new byte[MAX_FRAME];
    private int txLength;

    private long txBase;
    private long rxBase;
    private int txTail;
    private int txHead;
    private int rxTail;
    private int rxHead;
    private int isr;
    private boolean enabled;
    private boolean sending;
    private long missed;
    private long txFrames;
    private long txErrors;
    private long rxFrames;

    public MachineNic(NicSpec spec, Dma dma, IrqLines lines, HypervisorTimers timers) {
        this.spec = spec;
        this.dma = dma;
        this.lines = lines;
        this.timers = timers;
        this.peer = new WirePeer(spec);
        this.txTimer = timers.create(TimerClass.DEVICE, -1, DEVICE_NUMBER, TX_TIMER, "nic tx", this::txDone);
        this.rxTimer = timers.create(TimerClass.DEVICE, -1, DEVICE_NUMBER, RX_TIMER, "nic rx", this::rxArrived);
    }

    /** What the card is. */
    public NicSpec spec() {
        return spec;
    }

    /** The host at the other end of the wire. */
    public WirePeer peer() {
        return peer;
    }

    @Override
    public int in(int offset, int size, long now) {
        switch (offset) {
            case REG_ID:
                return ID;
            case REG_MAC_LO:
                return LittleEndian.getI32(MAC, 0);
            case REG_MAC_HI:
                return LittleEndian.getU16(MAC, 4);
            case REG_LINK_MBPS:
                return (int) spec.rateMbps();
            case REG_TX_BASE_LO:
                return (int) txBase;
            case REG_TX_BASE_HI:
                return (int) (txBase >>> 32);
            case REG_TX_HEAD:
                return txHead;
            case REG_RX_BASE_LO:
                return (int) rxBase;
            case REG_RX_BASE_HI:
                return (int) (rxBase >>> 32);
            case REG_RX_HEAD:
                return rxHead;
            case REG_ISR: {
                int v = isr;
                isr = 0;
                return v;
            }
            case REG_IRQ:
                return GSI;
            case REG_MISSED:
                return (int) missed;
            default:
                return 0;
        }
    }

    @Override
    public void out(int offset, int size, int value, long now) {
        switch (offset) {
            case REG_TX_BASE_LO:
                txBase = (txBase & 0xFFFFFFFF00000000L) | (value & 0xFFFFFFFFL);
                return;
            case REG_TX_BASE_HI:
                txBase = (txBase & 0xFFFFFFFFL) | ((long) value << 32);
                return;
            case REG_RX_BASE_LO:
                rxBase = (rxBase & 0xFFFFFFFF00000000L) | (value & 0xFFFFFFFFL);
                return;
            case REG_RX_BASE_HI:
                rxBase = (rxBase & 0xFFFFFFFFL) | ((long) value << 32);
                return;
            case REG_TX_TAIL:
                // a tail more than a ring ahead of the head is clamped: the card never reads past a full ring
                txTail = value - txHead > RING_SIZE || value - txHead < 0 ? txHead + RING_SIZE : value;
                startNext(now);
                return;
            case REG_RX_TAIL:
                rxTail = value - rxHead > RING_SIZE || value - rxHead < 0 ? rxHead + RING_SIZE : value;
                return;
            case REG_CONTROL:
                if ((value & CONTROL_ENABLE) != 0) {
                    enabled = true;
                    startNext(now);
                } else {
                    reset();
                }
                return;
            default:
        }
    }

    private void reset() {
        enabled = false;
        sending = false;
        timers.stop(txTimer);
        txHead = txTail = rxHead = rxTail = 0;
        isr = 0;
    }

    /** Starts sending the next TX descriptor if the card is idle and one is there. */
    private void startNext(long now) {
        while (enabled && !sending && txHead != txTail) {
            long at = txBase + descOffset(txHead);
            if (!dma.read(at, desc, 0, DESC_SIZE)) {
                txErrors++;
                txHead++;
                continue;
            }
            long addr = LittleEndian.getI64(desc, DESC_ADDR_OFFSET);
            int len = LittleEndian.getU16(desc, DESC_LENGTH_OFFSET);
            if (len < PvsimFrameDescriptor.ETH_HEADER_SIZE || len > MAX_FRAME || !dma.read(addr, txFrame, 0, len)) {
                txErrors++; // a malformed descriptor is completed without sending anything
                dma.write8(at + DESC_STATUS_OFFSET, DESC_DONE);
                txHead++;
                continue;
            }
            txLength = len;
            sending = true;
            timers.set(txTimer, now + spec.wireNs(len) + spec.perFrameNs());
        }
    }

    private void txDone(long now) {
        sending = false;
        dma.write8(txBase + descOffset(txHead) + DESC_STATUS_OFFSET, DESC_DONE);
        txHead++;
        txFrames++;
        peer.receive(txFrame, txLength, now);
        armRx();
        isr |= ISR_TX;
        lines.assertLine(GSI, now);
        startNext(now);
    }

    private void armRx() {
        long next = peer.nextArrival();
        if (next >= 0 && (!rxTimer.isActive() || rxTimer.expires() != next)) {
            timers.set(rxTimer, next);
        }
    }

    private void rxArrived(long now) {
        int len = peer.peekLength();
        if (enabled && rxHead != rxTail) {
            long at = rxBase + descOffset(rxHead);
            if (dma.read(at, desc, 0, DESC_SIZE)
                    && dma.write(LittleEndian.getI64(desc, DESC_ADDR_OFFSET), peer.peekFrame(), 0, len)) {
                dma.write16(at + DESC_LENGTH_OFFSET, len);
                dma.write8(at + DESC_STATUS_OFFSET, DESC_DONE);
                rxFrames++;
            } else {
                missed++;
            }
            rxHead++;
            isr |= ISR_RX;
            lines.assertLine(GSI, now);
        } else {
            missed++;
        }
        peer.pop();
        armRx();
    }

    /** Frames sent on the wire. */
    public long txFrames() {
        return txFrames;
    }

    /** TX descriptors completed without sending (unreadable or malformed). */
    public long txErrors() {
        return txErrors;
    }

    /** Frames written into posted RX buffers. */
    public long rxFrames() {
        return rxFrames;
    }

    /** Frames that arrived with no RX buffer posted (or one the card could not write). */
    public long missed() {
        return missed;
    }
}
