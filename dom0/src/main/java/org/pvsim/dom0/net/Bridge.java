package org.pvsim.dom0.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor;

/**
 * A Linux bridge in dom0 ({@code xenbr0}): a learning switch between its ports. Each frame's source MAC address is
 * learnt for the port it came from; a frame to a learnt unicast address goes to that port only, and one to a group
 * address or an unknown one is flooded to every other port, in attach order.
 *
 * <p>Invariants: the forwarding table names only attached ports (a detached port's entries go with it); a frame never
 * goes back to the port it came from; the table is ordered, so what a run does never depends on hash order.
 */
public final class Bridge {
    /** dom0's CPU time per frame switched: 200 ns. */
    public static final long FRAME_NS = 200;

    private final String name;
    private final Kernel kernel;
    private final List<BridgePort> ports = new ArrayList<>();
    private final Map<Long, BridgePort> fdb = new TreeMap<>();
    private final byte[] header = new byte[12];
    private long forwarded;
    private long flooded;
    private long dropped;

    /** A bridge called {@code name} in dom0's {@code kernel}. */
    public Bridge(String name, Kernel kernel) {
        this.name = name;
        this.kernel = kernel;
    }

    /** The bridge's name. */
    public String name() {
        return name;
    }

    /** Plugs {@code port} in. */
    public void attach(BridgePort port) {
        if (!ports.contains(port)) {
            ports.add(port);
        }
    }

    /** Unplugs {@code port} and forgets the addresses learnt on it. */
    public void detach(BridgePort port) {
        ports.remove(port);
        fdb.values().removeIf(p -> p == port);
    }

    /** The ports, in attach order. */
    public List<BridgePort> ports() {
        return List.copyOf(ports);
    }

    /**
     * A frame from port {@code from}, in dom0's page {@code pfn} at {@code offset}, {@code len} bytes: learn its source,
     * then forward or flood it.
     */
    public void input(GuestCpu cpu, BridgePort from, long pfn, int offset, int len) {
        if (len < PvsimFrameDescriptor.ETH_HEADER_SIZE) {
            dropped++;
            return;
        }
        cpu.read(kernel.va(pfn) + offset, header, 0, 12);
        cpu.compute(FRAME_NS);
        long src = mac(header, PvsimFrameDescriptor.SRC_MAC_OFFSET);
        if ((header[PvsimFrameDescriptor.SRC_MAC_OFFSET] & 1) == 0) {
            fdb.put(src, from);
        }
        if ((header[PvsimFrameDescriptor.DST_MAC_OFFSET] & 1) == 0) {
            BridgePort to = fdb.get(mac(header, PvsimFrameDescriptor.DST_MAC_OFFSET));
            if (to != null) {
                if (to != from) {
                    forwarded++;
                    to.deliver(cpu, pfn, offset, len);
                }
                return;
            }
        }
        flooded++;
        for (int i = 0; i < ports.size(); i++) {
            BridgePort p = ports.get(i);
            if (p != from) {
                p.deliver(cpu, pfn, offset, len);
            }
        }
    }

    private static long mac(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** Frames sent to one learnt port. */
    public long forwarded() {
        return forwarded;
    }

    /** Frames flooded. */
    public long flooded() {
        return flooded;
    }

    /** Frames too short to switch. */
    public long dropped() {
        return dropped;
    }
}
