package org.pvsim.dom0.backend.netback;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.pvsim.dom0.backend.BackendDevice;
import org.pvsim.dom0.backend.BackendDriver;
import org.pvsim.dom0.net.Bridge;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.io.BackRing;
import org.pvsim.guest.io.RingLayout;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.io.NetifRxRequestDescriptor;
import org.pvsim.hypervisor.abi.io.NetifRxResponseDescriptor;
import org.pvsim.hypervisor.abi.io.NetifTxRequestDescriptor;
import org.pvsim.hypervisor.abi.io.NetifTxResponseDescriptor;
import org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor;
import org.pvsim.hypervisor.abi.io.XenbusState;

/**
 * netback, dom0's network backend (Linux's {@code xen-netback}) in copy mode: serves every {@code vif} on the backend
 * bus and plugs it into the bridge its {@code bridge} node names.
 *
 * <p><b>Connecting.</b> Probe publishes {@code feature-rx-copy = 1}, {@code feature-sg = 0}, {@code
 * feature-rx-notify = 1} and switches to {@code InitWait}. When the frontend is {@code Initialised}: {@code
 * request-rx-copy} must be 1; both rings are mapped, the event channel bound, the vif plugged into its bridge, and
 * the backend is {@code Connected}.
 *
 * <p><b>TX</b> (the guest sends): each request is copied out of the ring once and checked: a size of 14 to 1514
 * bytes, {@code offset + size} within the page, no {@code NETTXF_more_data} or {@code NETTXF_extra_info} (no
 * scatter-gather), else {@code NETIF_RSP_ERROR}; the frame is copied into a dom0 page ({@code GNTTABOP_copy}; a bad
 * grant is {@code NETIF_RSP_ERROR}), answered, and handed to the bridge. <b>RX</b> (a frame for the guest): the
 * next RX request the guest posted names a granted page; the frame is copied into it and answered with its size. A
 * guest that posted none loses the frame ({@code rxDropped}), as a full queue drops.
 *
 * <p>A ring with impossible indices closes that vif alone ({@code devFatal}, {@link #messages()}). Cost: dom0's CPU,
 * {@link #FRAME_NS} per frame plus the grant copies.
 */
public final class Netback implements BackendDriver {
    /** The TX ring type. */
    public static final RingLayout TX =
            new RingLayout("netif_tx", NetifTxRequestDescriptor.SIZE, NetifTxResponseDescriptor.SIZE);
    /** The RX ring type. */
    public static final RingLayout RX =
            new RingLayout("netif_rx", NetifRxRequestDescriptor.SIZE, NetifRxResponseDescriptor.SIZE);
    /** dom0's CPU time per frame (either direction): 1 µs. */
    public static final long FRAME_NS = 1_000;

    private final Kernel kernel;
    private final Function<String, Bridge> bridges;
    private final List<Vif> vifs = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    /** netback in dom0's {@code kernel}; {@code bridges} gives the bridge of a name (made on first use). */
    public Netback(Kernel kernel, Function<String, Bridge> bridges) {
        this.kernel = kernel;
        this.bridges = bridges;
    }

    @Override
    public String type() {
        return "vif";
    }

    @Override
    public void probe(GuestCpu cpu, BackendDevice dev) {
        Vif vif = new Vif(this, dev);
        dev.data(vif);
        vifs.add(vif);
        dev.write("feature-rx-copy", "1");
        dev.write("feature-sg", "0");
        dev.write("feature-rx-notify", "1");
        dev.switchState(XenbusState.XenbusStateInitWait);
    }

    @Override
    public void frontendChanged(GuestCpu cpu, BackendDevice dev, XenbusState state) {
        if (!(dev.data() instanceof Vif vif)) {
            return;
        }
        switch (state) {
            case XenbusStateInitialising -> {
                if (dev.state() == XenbusState.XenbusStateClosed) {
                    dev.switchState(XenbusState.XenbusStateInitWait);
                }
            }
            case XenbusStateInitialised, XenbusStateConnected -> {
                if (!vif.connected && dev.state() == XenbusState.XenbusStateInitWait) {
                    connect(cpu, vif);
                }
            }
            case XenbusStateClosing -> {
                if (vif.connected) {
                    disconnect(cpu, vif);
                    dev.switchState(XenbusState.XenbusStateClosing);
                }
            }
            case XenbusStateClosed, XenbusStateUnknown -> {
                if (vif.connected || dev.state() == XenbusState.XenbusStateClosing) {
                    disconnect(cpu, vif);
                    dev.switchState(XenbusState.XenbusStateClosed);
                }
            }
            default -> {}
        }
    }

    private void connect(GuestCpu cpu, Vif vif) {
        BackendDevice dev = vif.dev;
        int txRef = dev.readFrontendNumber("tx-ring-ref");
        int rxRef = dev.readFrontendNumber("rx-ring-ref");
        int port = dev.readFrontendNumber("event-channel");
        if (txRef < 0 || rxRef < 0 || port < 0) {
            dev.devFatal("reading " + dev.frontend() + "/tx-ring-ref, rx-ring-ref and event-channel");
            return;
        }
        if (!"1".equals(dev.readFrontend("request-rx-copy"))) {
            dev.devFatal("the frontend must use request-rx-copy (no flipping)");
            return;
        }
        long txVa = vif.txMap.map(kernel, cpu, dev, txRef);
        if (txVa == -1) {
            return;
        }
        long rxVa = vif.rxMap.map(kernel, cpu, dev, rxRef);
        if (rxVa == -1) {
            vif.txMap.unmap(kernel, cpu);
            return;
        }
        int local = kernel.events(cpu).bindInterdomain(dev.frontendId(), port, (c, p) -> serveTx(c, vif));
        if (local <= 0) {
            vif.txMap.unmap(kernel, cpu);
            vif.rxMap.unmap(kernel, cpu);
            dev.devFatal("binding event-channel " + port + " of d" + dev.frontendId());
            return;
        }
        int online = kernel.onlineVcpus();
        if (online > 1) {
            kernel.events(cpu).bindVcpu(local, 1 + dev.frontendId() % (online - 1));
        }
        if (vif.bufferPfn < 0) {
            vif.bufferPfn = kernel.allocPfn();
        }
        vif.localPort = local;
        vif.tx.attach(txVa);
        vif.rx.attach(rxVa);
        vif.connected = true;
        String bridgeName = dev.read("bridge");
        vif.bridge = bridges.apply(bridgeName == null || bridgeName.isEmpty() ? "xenbr0" : bridgeName);
        vif.bridge.attach(vif);
        dev.switchState(XenbusState.XenbusStateConnected);
    }

    private void disconnect(GuestCpu cpu, Vif vif) {
        if (!vif.connected) {
            return;
        }
        vif.connected = false;
        vif.bridge.detach(vif);
        kernel.events(cpu).close(vif.localPort);
        vif.txMap.unmap(kernel, cpu);
        vif.rxMap.unmap(kernel, cpu);
        vif.localPort = -1;
    }

    @Override
    public void remove(GuestCpu cpu, BackendDevice dev) {
        if (dev.data() instanceof Vif vif) {
            disconnect(cpu, vif);
            if (vif.bufferPfn >= 0) {
                kernel.freePfn(vif.bufferPfn);
                vif.bufferPfn = -1;
            }
            vifs.remove(vif);
            dev.data(null);
        }
    }

    /** The guest sent: every TX request, answered, its frame handed to the bridge. */
    private void serveTx(GuestCpu cpu, Vif vif) {
        if (!vif.connected) {
            return;
        }
        BackRing ring = vif.tx;
        do {
            int n = ring.unconsumedRequests(cpu);
            if (n == BackRing.CORRUPT) {
                corrupt(cpu, vif, "TX");
                return;
            }
            for (int i = 0; i < n && vif.connected; i++) {
                ring.copyRequest(cpu, vif.txReq);
                transmitOne(cpu, vif);
            }
        } while (vif.connected && ring.finalCheckForRequests(cpu));
    }

    private void transmitOne(GuestCpu cpu, Vif vif) {
        byte[] r = vif.txReq;
        int gref = LittleEndian.getI32(r, NetifTxRequestDescriptor.GREF_OFFSET);
        int offset = LittleEndian.getU16(r, NetifTxRequestDescriptor.OFFSET_OFFSET);
        int flags = LittleEndian.getU16(r, NetifTxRequestDescriptor.FLAGS_OFFSET);
        int id = LittleEndian.getU16(r, NetifTxRequestDescriptor.ID_OFFSET);
        int size = LittleEndian.getU16(r, NetifTxRequestDescriptor.SIZE_OFFSET);
        cpu.compute(FRAME_NS);
        String bad = null;
        if (size < PvsimFrameDescriptor.ETH_HEADER_SIZE || size > PvsimFrameDescriptor.MAX_FRAME) {
            bad = "size " + size;
        } else if (offset + size > 4096) {
            bad = "offset " + offset + " + size " + size + " crosses the page";
        } else if ((flags & (NetifTxRequestDescriptor.NETTXF_more_data | NetifTxRequestDescriptor.NETTXF_extra_info))
                != 0) {
            bad = "fragments or extra info (flags " + flags + "): no scatter-gather";
        }
        if (bad == null) {
            vif.copy.flags = 0;
            vif.copy
                    .source(true, gref, vif.dev.frontendId(), offset)
                    .dest(false, kernel.mfn(vif.bufferPfn), DomId.DOMID_SELF, 0)
                    .len(size);
            long rc = kernel.grants(cpu).copy(vif.copy);
            if (rc != 0 || vif.copy.status != 0) {
                bad = "grant copy of ref " + gref + " failed";
            }
        }
        int status = bad == null ? NetifTxResponseDescriptor.NETIF_RSP_OKAY : NetifTxResponseDescriptor.NETIF_RSP_ERROR;
        long va = vif.tx.responseVa();
        cpu.write16(va + NetifTxResponseDescriptor.ID_OFFSET, id);
        cpu.write16(va + NetifTxResponseDescriptor.STATUS_OFFSET, status);
        vif.tx.produceResponse();
        if (vif.tx.pushResponsesAndCheckNotify(cpu)) {
            kernel.events(cpu).send(vif.localPort);
        }
        if (bad != null) {
            vif.txDropped++;
            messages.add(vif.dev.nodename() + ": TX request " + id + ": " + bad);
            return;
        }
        vif.txPackets++;
        vif.txBytes += size;
        vif.bridge.input(cpu, vif, vif.bufferPfn, 0, size);
    }

    /** A frame for {@code vif}'s guest: into its next posted RX buffer, or dropped. */
    boolean receive(GuestCpu cpu, Vif vif, long pfn, int offset, int len) {
        if (!vif.connected) {
            vif.rxDropped++;
            return false;
        }
        int n = vif.rx.unconsumedRequests(cpu);
        if (n == BackRing.CORRUPT) {
            corrupt(cpu, vif, "RX");
            return false;
        }
        if (n == 0) {
            vif.rxDropped++;
            return false;
        }
        vif.rx.copyRequest(cpu, vif.rxReq);
        int id = LittleEndian.getU16(vif.rxReq, NetifRxRequestDescriptor.ID_OFFSET);
        int gref = LittleEndian.getI32(vif.rxReq, NetifRxRequestDescriptor.GREF_OFFSET);
        cpu.compute(FRAME_NS);
        vif.copy.flags = 0;
        vif.copy
                .source(false, kernel.mfn(pfn), DomId.DOMID_SELF, offset)
                .dest(true, gref, vif.dev.frontendId(), 0)
                .len(len);
        long rc = kernel.grants(cpu).copy(vif.copy);
        boolean ok = rc == 0 && vif.copy.status == 0;
        long va = vif.rx.responseVa();
        cpu.write16(va + NetifRxResponseDescriptor.ID_OFFSET, id);
        cpu.write16(va + NetifRxResponseDescriptor.OFFSET_OFFSET, 0);
        cpu.write16(va + NetifRxResponseDescriptor.FLAGS_OFFSET, 0);
        cpu.write16(va + NetifRxResponseDescriptor.STATUS_OFFSET, ok ? len : NetifTxResponseDescriptor.NETIF_RSP_ERROR);
        vif.rx.produceResponse();
        if (vif.rx.pushResponsesAndCheckNotify(cpu)) {
            kernel.events(cpu).send(vif.localPort);
        }
        if (!ok) {
            vif.rxDropped++;
            messages.add(vif.dev.nodename() + ": RX buffer " + id + ": grant copy to ref " + gref + " failed");
            return false;
        }
        vif.rxPackets++;
        vif.rxBytes += len;
        return true;
    }

    private void corrupt(GuestCpu cpu, Vif vif, String ring) {
        messages.add(vif.dev.nodename() + ": " + ring + " ring corrupt (impossible req_prod); vif disconnected");
        disconnect(cpu, vif);
        vif.dev.devFatal(ring + " ring corrupt: impossible req_prod from d" + vif.dev.frontendId());
    }

    /** The counters of domain {@code domid}'s vif {@code devid}, or {@link VifStats#NONE}. */
    public VifStats stats(int domid, int devid) {
        for (Vif v : vifs) {
            if (v.dev.frontendId() == domid && v.dev.devid() == devid) {
                return v.stats();
            }
        }
        return VifStats.NONE;
    }

    /** What went wrong (bad requests, corrupt rings), oldest first. */
    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }
}
