package org.pvsim.dom0.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pvsim.dom0.xenstore.SharedPageRingChannel;
import org.pvsim.dom0.xenstore.Xenstored;
import org.pvsim.dom0.xenstore.XenstoredHost;
import org.pvsim.dom0.xenstore.XsRingChannel;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.guest.api.ForeignMappings;
import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.DomInfoFlags;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.Virq;

/**
 * xenstored as it runs in dom0 ({@code tools/xenstored/domain.c}): the {@link Xenstored} core plus what ties it to the
 * host. On {@code XS_INTRODUCE} it maps the domain's xenstore page through dom0's foreign mappings and binds an
 * interdomain channel to the port the toolstack allocated; each event on that channel makes it serve the ring, in the
 * dom0 upcall that delivered the event, charging the work to dom0's vCPU ({@code cpu.compute}). It binds {@code
 * VIRQ_DOM_EXC} and, on each, asks Xen about every introduced domain ({@code XEN_DOMCTL_getdomaininfo}): a domain
 * newly shut down gets {@link Xenstored#domainShutdown}, a dying or vanished one {@link Xenstored#domainDied} (which
 * unmaps its page and closes its channel, so dom0 no longer holds the dying domain's frame).
 *
 * <p>Single-threaded like everything in a domain's steps: the vCPU acting is the one passed to the latest entry
 * point ({@link #acting}), which the ring channels use.
 */
public final class Dom0Xenstored implements XenstoredHost {
    /** One introduced domain's connection on the host side. */
    private record Link(long pageVa, int localPort) {}

    private final Kernel kernel;
    private final Xenstored xenstored;
    private final Map<Integer, Link> links = new TreeMap<>();
    private final Map<Integer, Boolean> shutDown = new TreeMap<>();
    private final List<SocketDaemon> daemons = new ArrayList<>();
    private boolean pumping;
    private GuestCpu cpu;

    /**
     * A dom0 daemon holding a xenstore socket of its own (xenconsoled): as its real counterpart wakes up when its
     * socket has a watch event, it is given the chance to look at its socket each time xenstored has worked.
     */
    public interface SocketDaemon {
        /** Takes and handles the socket's pending watch events, acting as dom0's {@code cpu}. */
        void pump(GuestCpu cpu);
    }

    /** Starts xenstored in dom0 acting as {@code cpu}, and binds {@code VIRQ_DOM_EXC} on it. */
    public Dom0Xenstored(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        this.cpu = cpu;
        this.xenstored = new Xenstored(this);
        kernel.events(cpu).bindVirq(Virq.VIRQ_DOM_EXC, cpu.vcpuId(), (c, port) -> domainException(c));
    }

    /** The core, for the toolstack's sockets. */
    public Xenstored xenstored() {
        return xenstored;
    }

    /** Opens a privileged socket, acting as {@code acting}. */
    public XsSocket openSocket(GuestCpu acting) {
        acting(acting);
        return xenstored.openSocket();
    }

    /**
     * Makes {@code acting} the vCPU xenstored works as from now on, and charges it what xenstored spent so far: call
     * before and after using a socket from a dom0 step.
     */
    public void acting(GuestCpu acting) {
        this.cpu = acting;
        charge(acting);
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            for (SocketDaemon d : daemons) {
                d.pump(acting);
            }
        } finally {
            pumping = false;
        }
        this.cpu = acting;
        charge(acting);
    }

    /** Adds a daemon whose socket is looked at after xenstored's work ({@link #acting}). */
    public void addDaemon(SocketDaemon daemon) {
        daemons.add(daemon);
    }

    private void charge(GuestCpu acting) {
        long ns = xenstored.takeCostNs();
        if (ns > 0) {
            acting.compute(ns);
        }
    }

    @Override
    public XsRingChannel connect(int domid, long mfn, int port) {
        GuestCpu c = cpu;
        ForeignMappings foreign = kernel.foreign(c);
        long va = foreign.map(domid, mfn, true);
        if (ForeignMappings.isError(va)) {
            return null;
        }
        int local = kernel.events(c).bindInterdomain(domid, port, (h, p) -> serve(h, domid));
        if (local <= 0) {
            foreign.unmap(va);
            return null;
        }
        links.put(domid, new Link(va, local));
        SharedPageRingChannel channel = new SharedPageRingChannel(
                () -> cpu, va, () -> kernel.events(cpu).send(local));
        channel.advertiseFeatures();
        return channel;
    }

    @Override
    public void disconnect(int domid) {
        Link link = links.remove(domid);
        if (link == null) {
            return;
        }
        kernel.events(cpu).close(link.localPort());
        kernel.foreign(cpu).unmap(link.pageVa());
    }

    private void serve(GuestCpu c, int domid) {
        acting(c);
        xenstored.serviceRing(domid);
        acting(c);
    }

    /** {@code VIRQ_DOM_EXC}: which introduced domains shut down or died. */
    private void domainException(GuestCpu c) {
        acting(c);
        for (Integer domid : links.keySet().toArray(Integer[]::new)) {
            int flags = DomainProbe.flags(kernel.hypercalls(c), domid);
            if (flags == DomainProbe.GONE) {
                shutDown.remove(domid);
                xenstored.domainDied(domid);
            } else if ((flags & DomInfoFlags.XEN_DOMINF_shutdown) != 0) {
                if (shutDown.put(domid, Boolean.TRUE) == null) {
                    xenstored.domainShutdown(domid);
                }
            } else {
                shutDown.remove(domid);
            }
        }
        acting(c);
    }
}
