package org.pvsim.guest.netfront;

import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.evtchn.EventHandler;
import org.pvsim.guest.gnttab.GuestGrants;
import org.pvsim.guest.io.FrontRing;
import org.pvsim.guest.io.RingLayout;
import org.pvsim.guest.xenbus.XenbusDevice;
import org.pvsim.guest.xenbus.XenbusDriver;
import org.pvsim.guest.xenbus.XenbusFrontendBus;
import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.NetifRxRequestDescriptor;
import org.pvsim.hypervisor.abi.io.NetifRxResponseDescriptor;
import org.pvsim.hypervisor.abi.io.NetifTxRequestDescriptor;
import org.pvsim.hypervisor.abi.io.NetifTxResponseDescriptor;
import org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor;
import org.pvsim.hypervisor.abi.io.XenbusState;
import org.pvsim.hypervisor.abi.io.XsdErrors;

/**
 * netfront, Linux's {@code xen-netfront} for one vif ({@code device/vif/<n>}), in copy mode: a TX and an RX ring (256
 * slots each) in pages granted to the backend, one event channel for both, {@link #TX_BUFFERS} TX pages granted
 * read-only and {@link #RX_BUFFERS} RX pages granted writable, all granted once per connection.
 *
 * <p><b>Connecting.</b> On the backend's {@code InitWait}: fresh rings and channel, {@code tx-ring-ref}, {@code
 * rx-ring-ref}, {@code event-channel}, {@code request-rx-copy = 1}, {@code feature-rx-notify = 1}, then {@code
 * Initialised}; on its {@code Connected}: {@code Connected}, and every RX buffer posted. On its {@code Closing} or
 * {@code Closed}: the channel closes and this end is {@code Closed} until the backend is back in {@code InitWait}
 * (frames in flight are lost, as Ethernet may lose them).
 *
 * <p><b>Frames.</b> {@link #transmit} copies the frame into a free TX page and publishes a request; a TX response
 * frees its page (an id not in flight is counted in {@link #strays()}). An RX response hands the frame to the {@link
 * FrameReceiver} and posts the buffer again. Rings with impossible indices close the device.
 *
 * <p>Invariant: each TX page is in at most one request, each RX page in at most one posted request. Allocates nothing
 * per frame.
 */
public final class Netfront implements XenbusDriver {
    /** The TX ring type. */
    public static final RingLayout TX =
            new RingLayout("netif_tx", NetifTxRequestDescriptor.SIZE, NetifTxResponseDescriptor.SIZE);
    /** The RX ring type. */
    public static final RingLayout RX =
            new RingLayout("netif_rx", NetifRxRequestDescriptor.SIZE, NetifRxResponseDescriptor.SIZE);
    /** TX pages: frames in flight at most. */
    public static final int TX_BUFFERS = 64;
    /** RX pages posted to the backend. */
    public static final int RX_BUFFERS = 64;
    /** CPU time the guest spends per frame sent or received: 500 ns. */
    public static final long FRAME_NS = 500;

    private final Kernel kernel;
    private final FrontRing tx = new FrontRing(TX);
    private final FrontRing rx = new FrontRing(RX);
    private final long[] txPfn = new long[TX_BUFFERS];
    private final int[] txRef = new int[TX_BUFFERS];
    private final boolean[] txBusy = new boolean[TX_BUFFERS];
    private final long[] rxPfn = new long[RX_BUFFERS];
    private final int[] rxRef = new int[RX_BUFFERS];
    private final byte[] frame = new byte[4096];
    private final byte[] mac = new byte[6];
    private final EventHandler handler = (c, p) -> interrupt(c);
    private XenbusDevice dev;
    private FrameReceiver receiver;
    private long txRingPfn = -1;
    private long rxRingPfn = -1;
    private int txRingRef = -1;
    private int rxRingRef = -1;
    private int port = -1;
    private boolean buffersAllocated;
    private boolean connected;
    private boolean closed;
    private long txFrames;
    private long rxFrames;
    private long txErrors;
    private long strays;
    private long connects;

    /** A netfront of {@code kernel}, bound to a device at {@link #probe}. */
    public Netfront(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The netfront of {@code kernel}'s vif 0, or null if it has none yet. */
    public static Netfront first(Kernel kernel) {
        XenbusFrontendBus bus = kernel.xenbus();
        XenbusDevice d = bus == null ? null : bus.device("device/vif/0");
        return d != null && d.driver() instanceof Netfront n ? n : null;
    }

    @Override
    public int probe(GuestCpu cpu, XenbusDevice dev) {
        this.dev = dev;
        kernel.xenstore(cpu).read(XenstoreClient.XBT_NIL, dev.nodename() + "/mac", (c, reply) -> {
            if (reply.isError() || !parseMac(reply.value(), mac)) {
                dev.devFatal(c, XsdErrors.EINVAL, "parsing " + dev.nodename() + "/mac");
            }
        });
        return 0;
    }

    /** Parses {@code xx:xx:xx:xx:xx:xx} into {@code out}; false if it is not a MAC address. */
    public static boolean parseMac(String text, byte[] out) {
        String[] parts = text.trim().split(":");
        if (parts.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 2) {
                return false;
            }
            try {
                out[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void otherendChanged(GuestCpu cpu, XenbusDevice dev, XenbusState state) {
        switch (state) {
            case XenbusStateInitWait -> {
                if (closed || !connected && port <= 0) {
                    talkToBackend(cpu);
                }
            }
            case XenbusStateConnected -> {
                if (!connected && port > 0) {
                    connected = true;
                    connects++;
                    dev.switchState(cpu, XenbusState.XenbusStateConnected, null);
                    postRxBuffers(cpu);
                    kernel.printk(cpu, "netfront: " + dev.nodename() + ": connected, mac " + macText(mac));
                }
            }
            case XenbusStateClosing, XenbusStateClosed -> {
                if (!closed) {
                    closed = true;
                    kernel.printk(cpu, "netfront: " + dev.nodename() + ": backend " + state + ", closing");
                    disconnect(cpu);
                    dev.switchState(cpu, XenbusState.XenbusStateClosed, null);
                }
            }
            default -> {}
        }
    }

    /** {@code talk_to_netback}: rings, channel, buffers granted, keys published, {@code Initialised}. */
    private void talkToBackend(GuestCpu cpu) {
        closed = false;
        GuestGrants grants = kernel.grants(cpu);
        int be = dev.otherendId();
        releaseGrants(cpu);
        txRingPfn = page(cpu);
        rxRingPfn = page(cpu);
        if (txRingPfn < 0 || rxRingPfn < 0) {
            return;
        }
        tx.init(cpu, kernel.va(txRingPfn));
        rx.init(cpu, kernel.va(rxRingPfn));
        txRingRef = grants.grantForeignAccess(be, kernel.mfn(txRingPfn), false);
        rxRingRef = grants.grantForeignAccess(be, kernel.mfn(rxRingPfn), false);
        if (!buffersAllocated) {
            for (int i = 0; i < TX_BUFFERS; i++) {
                txPfn[i] = page(cpu);
            }
            for (int i = 0; i < RX_BUFFERS; i++) {
                rxPfn[i] = page(cpu);
            }
            buffersAllocated = true;
        }
        for (int i = 0; i < TX_BUFFERS; i++) {
            txRef[i] = grants.grantForeignAccess(be, kernel.mfn(txPfn[i]), true);
            txBusy[i] = false;
        }
        for (int i = 0; i < RX_BUFFERS; i++) {
            rxRef[i] = grants.grantForeignAccess(be, kernel.mfn(rxPfn[i]), false);
        }
        if (txRingRef < 0 || rxRingRef < 0 || txRef[TX_BUFFERS - 1] < 0 || rxRef[RX_BUFFERS - 1] < 0) {
            dev.devFatal(cpu, XsdErrors.ENOSPC, "granting rings and buffers");
            return;
        }
        port = kernel.events(cpu).allocUnbound(be, handler);
        if (port <= 0) {
            dev.devFatal(cpu, XsdErrors.EIO, "allocating event channel");
            return;
        }
        XenstoreClient xs = kernel.xenstore(cpu);
        String node = dev.nodename();
        xs.write(XenstoreClient.XBT_NIL, node + "/tx-ring-ref", Integer.toString(txRingRef), null);
        xs.write(XenstoreClient.XBT_NIL, node + "/rx-ring-ref", Integer.toString(rxRingRef), null);
        xs.write(XenstoreClient.XBT_NIL, node + "/event-channel", Integer.toString(port), null);
        xs.write(XenstoreClient.XBT_NIL, node + "/request-rx-copy", "1", null);
        xs.write(XenstoreClient.XBT_NIL, node + "/feature-rx-notify", "1", null);
        dev.switchState(cpu, XenbusState.XenbusStateInitialised, null);
    }

    private long page(GuestCpu cpu) {
        long pfn = kernel.allocPfn();
        if (pfn == Kernel.NO_PAGE) {
            dev.devFatal(cpu, XsdErrors.ENOMEM, "allocating pages");
            return -1;
        }
        return pfn;
    }

    /** Ends the previous connection's grants (those the backend no longer uses). */
    private void releaseGrants(GuestCpu cpu) {
        if (txRingRef < 0) {
            return;
        }
        GuestGrants grants = kernel.grants(cpu);
        grants.endForeignAccess(txRingRef);
        grants.endForeignAccess(rxRingRef);
        for (int i = 0; i < TX_BUFFERS; i++) {
            grants.endForeignAccess(txRef[i]);
        }
        for (int i = 0; i < RX_BUFFERS; i++) {
            grants.endForeignAccess(rxRef[i]);
        }
        txRingRef = -1;
        rxRingRef = -1;
    }

    private void postRxBuffers(GuestCpu cpu) {
        for (int i = 0; i < RX_BUFFERS; i++) {
            postRx(cpu, i);
        }
        if (rx.pushRequestsAndCheckNotify(cpu)) {
            kernel.events(cpu).send(port);
        }
    }

    private void postRx(GuestCpu cpu, int id) {
        long va = rx.requestVa();
        cpu.write16(va + NetifRxRequestDescriptor.ID_OFFSET, id);
        cpu.write16(va + NetifRxRequestDescriptor.PAD_OFFSET, 0);
        cpu.write32(va + NetifRxRequestDescriptor.GREF_OFFSET, rxRef[id]);
        rx.produceRequest();
    }

    private void disconnect(GuestCpu cpu) {
        connected = false;
        if (port > 0) {
            kernel.events(cpu).close(port);
            port = -1;
        }
    }

    /**
     * Sends {@code frame[0, len)} ({@link PvsimFrameDescriptor#MIN_FRAME} to {@link PvsimFrameDescriptor#MAX_FRAME}
     * bytes, an Ethernet frame without its FCS).
     *
     * @return false if it cannot be sent now: not connected, or every TX page in flight (try after a response)
     * @throws IllegalArgumentException for a length no frame has
     */
    public boolean transmit(GuestCpu cpu, byte[] frame, int len) {
        if (len < PvsimFrameDescriptor.ETH_HEADER_SIZE || len > PvsimFrameDescriptor.MAX_FRAME) {
            throw new IllegalArgumentException("a frame is 14 to 1514 bytes, not " + len);
        }
        if (!connected || tx.isFull()) {
            return false;
        }
        int id = -1;
        for (int i = 0; i < TX_BUFFERS; i++) {
            if (!txBusy[i]) {
                id = i;
                break;
            }
        }
        if (id < 0) {
            return false;
        }
        txBusy[id] = true;
        cpu.write(kernel.va(txPfn[id]), frame, 0, len);
        long va = tx.requestVa();
        cpu.write32(va + NetifTxRequestDescriptor.GREF_OFFSET, txRef[id]);
        cpu.write16(va + NetifTxRequestDescriptor.OFFSET_OFFSET, 0);
        cpu.write16(va + NetifTxRequestDescriptor.FLAGS_OFFSET, 0);
        cpu.write16(va + NetifTxRequestDescriptor.ID_OFFSET, id);
        cpu.write16(va + NetifTxRequestDescriptor.SIZE_OFFSET, len);
        tx.produceRequest();
        txFrames++;
        cpu.compute(FRAME_NS);
        if (tx.pushRequestsAndCheckNotify(cpu)) {
            kernel.events(cpu).send(port);
        }
        return true;
    }

    /** {@code xennet_interrupt}: TX responses, then RX responses, each with its final check. */
    private void interrupt(GuestCpu cpu) {
        if (!connected) {
            return;
        }
        do {
            int n = tx.unconsumedResponses(cpu);
            if (n == FrontRing.CORRUPT) {
                corrupt(cpu, "TX");
                return;
            }
            for (int i = 0; i < n; i++) {
                long va = tx.responseVa();
                int id = cpu.read16(va + NetifTxResponseDescriptor.ID_OFFSET);
                int status = (short) cpu.read16(va + NetifTxResponseDescriptor.STATUS_OFFSET);
                tx.consumeResponse();
                if (id >= TX_BUFFERS || !txBusy[id]) {
                    strays++;
                    continue;
                }
                txBusy[id] = false;
                if (status != NetifTxResponseDescriptor.NETIF_RSP_OKAY) {
                    txErrors++;
                }
            }
        } while (connected && tx.finalCheckForResponses(cpu));
        boolean reposted = false;
        do {
            int n = rx.unconsumedResponses(cpu);
            if (n == FrontRing.CORRUPT) {
                corrupt(cpu, "RX");
                return;
            }
            for (int i = 0; i < n && connected; i++) {
                long va = rx.responseVa();
                int id = cpu.read16(va + NetifRxResponseDescriptor.ID_OFFSET);
                int offset = cpu.read16(va + NetifRxResponseDescriptor.OFFSET_OFFSET);
                int status = (short) cpu.read16(va + NetifRxResponseDescriptor.STATUS_OFFSET);
                rx.consumeResponse();
                if (id >= RX_BUFFERS) {
                    strays++;
                    continue;
                }
                if (status > 0 && offset + status <= 4096) {
                    cpu.read(kernel.va(rxPfn[id]) + offset, frame, 0, status);
                    rxFrames++;
                    cpu.compute(FRAME_NS);
                    if (receiver != null) {
                        receiver.receive(cpu, frame, status);
                    }
                }
                if (connected) {
                    postRx(cpu, id);
                    reposted = true;
                }
            }
        } while (connected && rx.finalCheckForResponses(cpu));
        if (reposted && connected && rx.pushRequestsAndCheckNotify(cpu)) {
            kernel.events(cpu).send(port);
        }
    }

    private void corrupt(GuestCpu cpu, String ring) {
        disconnect(cpu);
        dev.devFatal(cpu, XsdErrors.EIO, "illegal number of responses on the " + ring + " ring");
    }

    @Override
    public void remove(GuestCpu cpu, XenbusDevice dev) {
        disconnect(cpu);
        releaseGrants(cpu);
    }

    /** Sets who gets the frames received. */
    public void setReceiver(FrameReceiver r) {
        this.receiver = r;
    }

    /** The vif's MAC address (from its {@code mac} node), six bytes. */
    public byte[] mac() {
        return mac.clone();
    }

    /** Copies the MAC address into {@code out} at {@code off}. */
    public void copyMac(byte[] out, int off) {
        System.arraycopy(mac, 0, out, off, 6);
    }

    /** Whether frames can be sent. */
    public boolean isConnected() {
        return connected;
    }

    /** Frames sent. */
    public long txFrames() {
        return txFrames;
    }

    /** Frames received. */
    public long rxFrames() {
        return rxFrames;
    }

    /** Frames the backend refused. */
    public long txErrors() {
        return txErrors;
    }

    /** Responses whose id was not in flight. */
    public long strays() {
        return strays;
    }

    /** The device's xenbus node, or null before probe. */
    public XenbusDevice device() {
        return dev;
    }

    /** The TX ring page's address (a hostile test workload writes into it). */
    public long txRingVa() {
        return tx.sringVa();
    }

    /** {@code xx:xx:xx:xx:xx:xx}. */
    public static String macText(byte[] mac) {
        StringBuilder b = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            b.append(i == 0 ? "" : ":").append(String.format("%02x", mac[i] & 0xFF));
        }
        return b.toString();
    }
}
