package org.pvsim.dom0.backend.netback;

import org.pvsim.dom0.backend.BackendDevice;
import org.pvsim.dom0.backend.RingMapping;
import org.pvsim.dom0.net.Bridge;
import org.pvsim.dom0.net.BridgePort;
import org.pvsim.guest.gnttab.GrantCopyOp;
import org.pvsim.guest.io.BackRing;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.NetifTxRequestDescriptor;

/**
 * One vif netback serves, Linux's {@code struct xenvif} with one queue: its two mapped rings, its event channel, a dom0
 * page each TX frame is copied into, and its port on the bridge. Preallocated; nothing is allocated per frame.
 */
final class Vif implements BridgePort {
    final Netback netback;
    final BackendDevice dev;
    final String name;
    final BackRing tx = new BackRing(Netback.TX);
    final BackRing rx = new BackRing(Netback.RX);
    final byte[] txReq = new byte[NetifTxRequestDescriptor.SIZE];
    final byte[] rxReq = new byte[8];
    final RingMapping txMap = new RingMapping();
    final RingMapping rxMap = new RingMapping();
    final GrantCopyOp copy = new GrantCopyOp();
    Bridge bridge;
    long bufferPfn = -1;
    int localPort = -1;
    boolean connected;
    long txPackets;
    long txBytes;
    long rxPackets;
    long rxBytes;
    long txDropped;
    long rxDropped;

    Vif(Netback netback, BackendDevice dev) {
        this.netback = netback;
        this.dev = dev;
        this.name = "vif" + dev.frontendId() + "." + dev.devid();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean deliver(GuestCpu cpu, long pfn, int offset, int len) {
        return netback.receive(cpu, this, pfn, offset, len);
    }

    VifStats stats() {
        return new VifStats(txPackets, txBytes, rxPackets, rxBytes, txDropped, rxDropped);
    }
}
