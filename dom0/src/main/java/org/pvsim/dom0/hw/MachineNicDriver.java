package org.pvsim.dom0.hw;

import static org.pvsim.hypervisor.abi.device.PvsimNicDescriptor.*;

import org.pvsim.dom0.net.Bridge;
import org.pvsim.dom0.net.BridgePort;
import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * dom0's driver for the machine's network card ({@link org.pvsim.hypervisor.abi.device.PvsimNicDescriptor}), plugged
 * into a bridge as its uplink, {@code peth0} (the name Xen's network scripts gave the physical interface they moved
 * behind {@code xenbr0}). The card is started the first time a frame is sent: {@link #TX_BUFFERS} transmit and
 * {@link #RX_BUFFERS} receive pages of dom0's memory, both descriptor rings, the interrupt line as a PIRQ bound to an
 * event channel. A frame the bridge sends is copied into a free transmit page and queued on the card; when all are in
 * flight the driver asks the card how far it got, and drops the frame (counted) if it is still full. The interrupt
 * handler hands each received frame to the bridge, gives its page back to the card, and acknowledges the PIRQ.
 *
 * <p>Invariants: the driver never gives the card more than {@link #TX_BUFFERS} frames to send nor more than {@link
 * #RX_BUFFERS} buffers to fill; a receive page is reposted only after the bridge has copied its frame; nothing is
 * allocated per frame.
 */
public final class MachineNicDriver implements BridgePort {
    /** The interface's name. */
    public static final String NAME = "peth0";
    /** Transmit pages. */
    public static final int TX_BUFFERS = 64;
    /** Receive pages. */
    public static final int RX_BUFFERS = 64;
    /** dom0's CPU time to queue a frame (besides the copy). */
    public static final long TX_NS = 200;
    /** dom0's CPU time per frame received. */
    public static final long RX_NS = 200;

    private final Kernel kernel;
    private final DeviceAccess access;
    private final byte[] frame = new byte[MAX_FRAME];
    private final byte[] desc = new byte[DESC_SIZE];
    private final long[] txPfn = new long[TX_BUFFERS];
    private final long[] rxPfn = new long[RX_BUFFERS];
    private Bridge bridge;
    private boolean started;
    private boolean broken;
    private long txRingVa;
    private long rxRingVa;
    private int txProd;
    private int txClean;
    private int rxCons;
    private int rxTail;

    private long txFrames;
    private long txDropped;
    private long rxFrames;
    private long interrupts;

    /** The driver in dom0's {@code kernel}; the card is started on first use. */
    public MachineNicDriver(Kernel kernel) {
        this.kernel = kernel;
        this.access = new DeviceAccess(kernel);
    }

    /** Makes {@code b} the bridge received frames go to (and plugs this port into it). */
    public void plugInto(Bridge b) {
        this.bridge = b;
        b.attach(this);
    }

    @Override
    public String name() {
        return NAME;
    }

    private void start(GuestCpu cpu) {
        started = true;
        if (access.in(cpu, PORT_BASE + REG_ID) != ID) {
            broken = true;
            kernel.printk(cpu, NAME + ": no network card at port 0x" + Integer.toHexString(PORT_BASE));
            return;
        }
        long txRing = kernel.allocPfn();
        long rxRing = kernel.allocPfn();
        txRingVa = kernel.va(txRing);
        rxRingVa = kernel.va(rxRing);
        for (int i = 0; i < TX_BUFFERS; i++) {
            txPfn[i] = kernel.allocPfn();
        }
        byte[] posted = new byte[RX_BUFFERS * DESC_SIZE]; // once, at start
        for (int i = 0; i < RX_BUFFERS; i++) {
            rxPfn[i] = kernel.allocPfn();
            LittleEndian.putI64(posted, i * DESC_SIZE + DESC_ADDR_OFFSET, kernel.mfn(rxPfn[i]) << 12);
        }
        cpu.write(rxRingVa, posted, 0, posted.length);
        long tx = kernel.mfn(txRing) << 12;
        long rx = kernel.mfn(rxRing) << 12;
        access.out(cpu, PORT_BASE + REG_TX_BASE_LO, (int) tx);
        access.out(cpu, PORT_BASE + REG_TX_BASE_HI, (int) (tx >>> 32));
        access.out(cpu, PORT_BASE + REG_RX_BASE_LO, (int) rx);
        access.out(cpu, PORT_BASE + REG_RX_BASE_HI, (int) (rx >>> 32));
        rxTail = RX_BUFFERS;
        access.out(cpu, PORT_BASE + REG_RX_TAIL, rxTail);
        int gsi = access.in(cpu, PORT_BASE + REG_IRQ);
        int port = access.bindInterrupt(cpu, gsi, this::interrupt);
        if (port < 0) {
            broken = true;
            kernel.printk(cpu, NAME + ": cannot bind its interrupt (GSI " + gsi + "): error " + port);
            return;
        }
        access.out(cpu, PORT_BASE + REG_CONTROL, CONTROL_ENABLE);
        int lo = access.in(cpu, PORT_BASE + REG_MAC_LO);
        int hi = access.in(cpu, PORT_BASE + REG_MAC_HI);
        kernel.printk(
                cpu,
                String.format(
                        "%s: %d Mb/s, MAC %02x:%02x:%02x:%02x:%02x:%02x, GSI %d as PIRQ %d on event channel %d",
                        NAME,
                        access.in(cpu, PORT_BASE + REG_LINK_MBPS),
                        lo & 0xFF,
                        (lo >>> 8) & 0xFF,
                        (lo >>> 16) & 0xFF,
                        (lo >>> 24) & 0xFF,
                        hi & 0xFF,
                        (hi >>> 8) & 0xFF,
                        gsi,
                        access.pirq(),
                        port));
    }

    @Override
    public boolean deliver(GuestCpu cpu, long pfn, int offset, int len) {
        if (!started) {
            start(cpu);
        }
        if (broken || len > MAX_FRAME) {
            txDropped++;
            return false;
        }
        if (txProd - txClean == TX_BUFFERS) {
            txClean = access.in(cpu, PORT_BASE + REG_TX_HEAD);
            if (txProd - txClean == TX_BUFFERS) {
                txDropped++;
                return false;
            }
        }
        long buf = txPfn[txProd % TX_BUFFERS];
        cpu.read(kernel.va(pfn) + offset, frame, 0, len);
        cpu.write(kernel.va(buf), frame, 0, len);
        LittleEndian.putI64(desc, DESC_ADDR_OFFSET, kernel.mfn(buf) << 12);
        LittleEndian.putU16(desc, DESC_LENGTH_OFFSET, len);
        desc[DESC_STATUS_OFFSET] = 0;
        cpu.write(txRingVa + descOffset(txProd), desc, 0, DESC_SIZE);
        txProd++;
        access.out(cpu, PORT_BASE + REG_TX_TAIL, txProd);
        cpu.compute(TX_NS);
        txFrames++;
        return true;
    }

    /** The card's interrupt: sent frames to reclaim, received frames to hand to the bridge. */
    private void interrupt(GuestCpu cpu, int port) {
        interrupts++;
        int isr = access.in(cpu, PORT_BASE + REG_ISR);
        if ((isr & ISR_TX) != 0) {
            txClean = access.in(cpu, PORT_BASE + REG_TX_HEAD);
        }
        boolean reposted = false;
        while (rxCons != rxTail) {
            long at = rxRingVa + descOffset(rxCons);
            if ((cpu.read8(at + DESC_STATUS_OFFSET) & DESC_DONE) == 0) {
                break;
            }
            int len = cpu.read16(at + DESC_LENGTH_OFFSET);
            long buf = rxPfn[rxCons % RX_BUFFERS];
            rxCons++;
            rxFrames++;
            cpu.compute(RX_NS);
            if (bridge != null && len > 0 && len <= MAX_FRAME) {
                bridge.input(cpu, this, buf, 0, len);
            }
            LittleEndian.putI64(desc, DESC_ADDR_OFFSET, kernel.mfn(buf) << 12);
            LittleEndian.putU16(desc, DESC_LENGTH_OFFSET, 0);
            desc[DESC_STATUS_OFFSET] = 0;
            cpu.write(rxRingVa + descOffset(rxTail), desc, 0, DESC_SIZE);
            rxTail++;
            reposted = true;
        }
        if (reposted) {
            access.out(cpu, PORT_BASE + REG_RX_TAIL, rxTail);
        }
        access.eoi(cpu);
    }

    /** Frames queued on the card. */
    public long txFrames() {
        return txFrames;
    }

    /** Frames dropped because all transmit pages were in flight (or the card is missing). */
    public long txDropped() {
        return txDropped;
    }

    /** Frames received and handed to the bridge. */
    public long rxFrames() {
        return rxFrames;
    }

    /** Interrupts handled. */
    public long interrupts() {
        return interrupts;
    }

    /** Whether the card has been started. */
    public boolean isStarted() {
        return started && !broken;
    }
}
