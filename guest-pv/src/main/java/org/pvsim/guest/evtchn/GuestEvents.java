package org.pvsim.guest.evtchn;

import java.util.Arrays;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.Virq;

/**
 * The guest kernel's event layer, the counterpart of Linux's {@code drivers/xen/events/events_base.c}: it binds
 * ports ({@code EVTCHNOP_*} through {@link EventChannelOp}), keeps a handler per port, masks and unmasks, and runs the
 * upcall that Xen enters at the kernel's {@code CALLBACKTYPE_event} address. What depends on the ABI (where the bits
 * live, how pending ports are found) is an {@link EvtchnOps}: {@link Events2l} by default, {@link EventsFifo} with
 * {@code evtchn=fifo}.
 *
 * <p><b>The upcall</b> ({@link #upcall()}, {@code xen_evtchn_do_upcall}): Xen enters it with the vCPU's {@code
 * evtchn_upcall_mask} set. It charges {@link #UPCALL_NS}, then repeats: clear {@code evtchn_upcall_pending}, handle
 * the pending events ({@link EvtchnOps#handleEvents}), while Xen set {@code evtchn_upcall_pending} again meanwhile.
 * Then it clears {@code evtchn_upcall_mask}: events are enabled again, and one that arrives later is delivered by Xen
 * at the vCPU's next step boundary. Each port handled ({@link #dispatch}) has its pending bit cleared first, costs
 * {@link #PORT_NS}, and runs its handler; a port with none is counted as spurious.
 *
 * <p><b>Binding</b> follows Linux's {@code bind_*_to_irqhandler}: the port is bound, set up for the ABI (the FIFO
 * event array grows to cover it), given its handler and unmasked (a port arrives masked: the kernel masks every port
 * at boot and masks a port before closing it). Binding a VIRQ this kernel already bound on that vCPU returns the same
 * port with the new handler, as Linux's {@code bind_virq_to_irq} reuses its IRQ: the kernel binds {@code VIRQ_TIMER}
 * on every vCPU at boot ({@code xen_setup_timer}), since without a bound port Xen drops the timer and a blocked vCPU
 * would never wake.
 *
 * <p><b>Unmasking</b>, 2-level: for a port of the running vCPU the guest clears the mask bit and, if the port is
 * pending, raises its own upcall ({@code evtchn_pending_sel} and {@code evtchn_upcall_pending}), as Linux does; for a
 * port of another vCPU, {@code EVTCHNOP_unmask}. FIFO: clear MASKED, then {@code EVTCHNOP_unmask} if pending.
 *
 * <p>One instance serves all of a domain's vCPUs; {@link #bind} names the vCPU acting, as each step of a domain runs
 * alone. Handlers and per-port data are arrays indexed by port, grown when a port is bound: sending, masking,
 * unmasking and the upcall allocate nothing. Ports are ints; results of hypercalls are a port or 0, or Xen's negative
 * errno, whatever the port given. The calls that touch only the guest's own bits ({@link #mask}, {@link #unmask},
 * {@link #isPending}, {@link #isMasked}, {@link #clearPending}, {@link #setHandler}) throw {@link
 * IllegalArgumentException} for a port the ABI cannot name: that is a kernel bug, an oops.
 */
public final class GuestEvents {
    /** CPU time of entering and leaving the upcall handler, once per upcall: the bounce frame, the scan set-up, iret. */
    public static final long UPCALL_NS = 200;
    /** CPU time per port handled, before its handler's own work: acknowledging it and finding its handler. */
    public static final long PORT_NS = 50;

    private final KernelPages pages;
    private final EventHandler tick = (c, p) -> this.timerTicks++;
    private long sharedInfoVa;
    private EvtchnOps ops;
    private boolean available;
    private long fifoRefused;

    private EventHandler[] handlers = new EventHandler[0];
    /** Per port: the vCPU it notifies, or -1 if this kernel has not bound it. */
    private int[] notifyVcpu = new int[0];
    /** Per vCPU and VIRQ: the port this kernel bound, or 0. */
    private int[][] virqPorts = new int[0][];

    private long upcalls;
    private long dispatched;
    private long spurious;
    private long timerTicks;

    private GuestCpu cpu;
    private Hypercalls hc;

    /** An event layer that takes its FIFO pages from {@code pages}; {@link #start} sets it up. */
    public GuestEvents(KernelPages pages) {
        this.pages = pages;
    }

    /** Acts as {@code cpu}, with its hypercall wrappers, from now on; returns {@code this}. */
    public GuestEvents bind(GuestCpu cpu, Hypercalls hc) {
        this.cpu = cpu;
        this.hc = hc;
        return this;
    }

    // -------------------------------------------------------------------------------------------------------------
    // boot

    /**
     * Sets the layer up at boot, on the bound vCPU (vCPU 0), as Linux's {@code xen_init_IRQ} does: with {@code
     * wanted} FIFO, registers vCPU 0's control block ({@code EVTCHNOP_init_control}) and falls back to 2-level if Xen
     * refuses ({@link #fifoRefused()}); with 2-level, masks every port. Then binds {@code VIRQ_TIMER} on vCPU 0.
     *
     * @param sharedInfoVa where the kernel mapped its {@code shared_info} page
     * @return 0; or {@code -ENOSYS} if the hypervisor has no event channels (then {@link #isAvailable()} is false and
     *     the kernel runs without events, as before); or another negative errno (a kernel panic)
     */
    public long start(long sharedInfoVa, EventAbi wanted) {
        this.sharedInfoVa = sharedInfoVa;
        Events2l twoLevel = new Events2l(this, sharedInfoVa);
        ops = twoLevel;
        if (wanted == EventAbi.FIFO) {
            EventsFifo fifo = new EventsFifo(this, pages);
            long rc = fifo.initControl(cpu, hc, 0);
            if (rc == 0) {
                ops = fifo;
            } else {
                fifoRefused = rc;
            }
        }
        if (ops == twoLevel) {
            twoLevel.maskAll(cpu);
        }
        available = true;
        long rc = bindVirq(Virq.VIRQ_TIMER, 0, tick);
        if (rc < 0) {
            available = false;
        }
        return rc < 0 ? rc : 0;
    }

    /**
     * Prepares vCPU {@code vcpu} for events, on the bound vCPU, as Linux does when it brings a CPU up: its FIFO
     * control block, then {@code VIRQ_TIMER} bound on it. Nothing if events are not available.
     *
     * @return 0, or the negative errno of the step that failed
     */
    public long startVcpu(int vcpu) {
        if (!available) {
            return 0;
        }
        if (vcpu >= SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS) {
            return Errno.EINVAL.neg();
        }
        if (ops instanceof EventsFifo fifo) {
            long rc = fifo.initControl(cpu, hc, vcpu);
            if (rc < 0) {
                return rc;
            }
        }
        long rc = bindVirq(Virq.VIRQ_TIMER, vcpu, tick);
        return rc < 0 ? rc : 0;
    }

    /**
     * Enables events on the bound vCPU ({@code local_irq_enable}): clears its {@code evtchn_upcall_mask}, which the
     * domain builder left set. An upcall already pending is delivered by Xen at the vCPU's next step boundary.
     */
    public void enable() {
        int id = cpu.vcpuId();
        if (id < SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS && sharedInfoVa != 0) {
            cpu.write8(vcpuInfoVa(sharedInfoVa, id) + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, 0);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // the upcall

    /**
     * The event upcall on the bound vCPU ({@code xen_evtchn_do_upcall}), entered by Xen with {@code
     * evtchn_upcall_mask} set: see the class comment. Allocates nothing.
     */
    public void upcall() {
        int id = cpu.vcpuId();
        cpu.compute(UPCALL_NS);
        upcalls++;
        long vi = vcpuInfoVa(sharedInfoVa, id);
        do {
            cpu.write8(vi + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET, 0);
            ops.handleEvents(cpu);
        } while (cpu.read8(vi + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET) != 0);
        cpu.write8(vi + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, 0);
    }

    /** Handles one pending port found by the ABI's scan: clears its pending bit, then runs its handler. */
    void dispatch(GuestCpu cpu, int port) {
        ops.clearPending(cpu, port);
        cpu.compute(PORT_NS);
        dispatched++;
        EventHandler h = port < handlers.length ? handlers[port] : null;
        if (h == null) {
            spurious++;
            return;
        }
        h.handle(cpu, port);
    }

    /** The port of {@code VIRQ_TIMER} on vCPU {@code vcpu}, or 0: the 2-level scan handles it first. */
    int timerPort(int vcpu) {
        return vcpu < virqPorts.length ? virqPorts[vcpu][Virq.VIRQ_TIMER.code] : 0;
    }

    /** The address of vCPU {@code vcpu}'s {@code vcpu_info} in the mapped {@code shared_info}. */
    static long vcpuInfoVa(long sharedInfoVa, int vcpu) {
        return sharedInfoVa + SharedInfoDescriptor.vcpuInfoOffset(vcpu);
    }

    // -------------------------------------------------------------------------------------------------------------
    // binding

    /**
     * {@code EVTCHNOP_alloc_unbound} for this domain: a port that domain {@code remoteDom} may bind with {@code
     * EVTCHNOP_bind_interdomain}, with {@code handler} for what it sends once connected.
     *
     * @return the port, or a negative errno
     */
    public int allocUnbound(int remoteDom, EventHandler handler) {
        long rc = EventChannelOp.allocUnbound(hc(), DomId.DOMID_SELF, remoteDom);
        return rc < 0 ? (int) rc : bound((int) rc, 0, handler);
    }

    /**
     * {@code EVTCHNOP_bind_interdomain}: connects a new port to {@code remotePort} of {@code remoteDom}, with {@code
     * handler}. Xen marks the new port pending (what was sent before the bind was lost), so the handler runs once at
     * the next upcall.
     *
     * @return the local port, or a negative errno ({@code -EINVAL}: that port is not offered to this domain)
     */
    public int bindInterdomain(int remoteDom, int remotePort, EventHandler handler) {
        long rc = EventChannelOp.bindInterdomain(hc(), remoteDom, remotePort);
        return rc < 0 ? (int) rc : bound((int) rc, 0, handler);
    }

    /**
     * {@code EVTCHNOP_bind_virq} of {@code virq} on vCPU {@code vcpu} (0 for a global or per-domain VIRQ), with
     * {@code handler}. If this kernel already bound it there, the same port, now with {@code handler}.
     *
     * @return the port, or a negative errno
     */
    public int bindVirq(Virq virq, int vcpu, EventHandler handler) {
        if (vcpu >= 0 && vcpu < virqPorts.length && virqPorts[vcpu][virq.code] > 0) {
            int port = virqPorts[vcpu][virq.code];
            handlers[port] = handler;
            return port;
        }
        long rc = EventChannelOp.bindVirq(hc(), virq.code, vcpu);
        if (rc < 0) {
            return (int) rc;
        }
        growVcpus(vcpu);
        virqPorts[vcpu][virq.code] = (int) rc;
        int port = bound((int) rc, vcpu, handler);
        if (port < 0) {
            virqPorts[vcpu][virq.code] = 0;
        }
        return port;
    }

    /**
     * {@code EVTCHNOP_bind_pirq} of {@code pirq} (mapped first with {@code PHYSDEVOP_map_pirq}), with {@code handler},
     * which runs when the device interrupts; as Linux's {@code pirq} handling, the handler must end with {@code
     * PHYSDEVOP_eoi} or the line stays masked.
     *
     * @return the port, or a negative errno
     */
    public int bindPirq(int pirq, EventHandler handler) {
        long rc = EventChannelOp.bindPirq(hc(), pirq, 0);
        return rc < 0 ? (int) rc : bound((int) rc, 0, handler);
    }

    /**
     * {@code EVTCHNOP_bind_ipi}: a port whose sends notify vCPU {@code vcpu} of this domain, with {@code handler}.
     *
     * @return the port, or a negative errno
     */
    public int bindIpi(int vcpu, EventHandler handler) {
        long rc = EventChannelOp.bindIpi(hc(), vcpu);
        return rc < 0 ? (int) rc : bound((int) rc, vcpu, handler);
    }

    /**
     * Takes over {@code port}, an event channel of this domain that someone else bound (the toolstack allocated the
     * xenstore and console ports for the domain, and passed their numbers in {@code start_info}), as Linux's {@code
     * bind_evtchn_to_irqhandler}: sets it up for the ABI, notifies vCPU 0, registers {@code handler} and unmasks the
     * port, so an event already pending on it is delivered.
     *
     * @return the port, or a negative errno ({@code -EINVAL} for a port the ABI cannot name)
     */
    public int bindExisting(int port, EventHandler handler) {
        if (!inRange(port)) {
            return Errno.EINVAL.neg();
        }
        if (port < notifyVcpu.length && notifyVcpu[port] >= 0) {
            handlers[port] = handler;
            return port;
        }
        return bound(port, 0, handler);
    }

    /** Sets up a port Xen just bound, registers its handler and unmasks it; closes it again if set-up fails. */
    private int bound(int port, int vcpu, EventHandler handler) {
        growPorts(port);
        long rc = ops.setup(cpu, hc, port);
        if (rc < 0) {
            EventChannelOp.close(hc, port);
            return (int) rc;
        }
        ops.bindToCpu(port, vcpu, notifyVcpu[port]);
        notifyVcpu[port] = vcpu;
        handlers[port] = handler;
        ops.unmask(cpu, hc, port, vcpu);
        return port;
    }

    /**
     * {@code EVTCHNOP_bind_vcpu}: {@code port} notifies vCPU {@code vcpu} from now on (refused for IPI and per-vCPU
     * VIRQ ports). As Linux's {@code xen_rebind_evtchn_to_cpu}, the port is masked around the change, so an event
     * pending on it is raised again on the new vCPU. A port outside the ABI's range goes to Xen as it is, for Xen's
     * answer.
     *
     * @return 0, or a negative errno
     */
    public int bindVcpu(int port, int vcpu) {
        boolean inRange = inRange(port);
        boolean wasMasked = !inRange || ops.isMasked(cpu, port);
        if (!wasMasked) {
            ops.mask(cpu, port);
        }
        long rc = EventChannelOp.bindVcpu(hc(), port, vcpu);
        if (rc == 0 && inRange) {
            growPorts(port);
            ops.bindToCpu(port, vcpu, notifyVcpu[port]);
            notifyVcpu[port] = vcpu;
        }
        if (!wasMasked) {
            ops.unmask(cpu, hc, port, notifyVcpu(port));
        }
        return (int) rc;
    }

    /** {@code EVTCHNOP_send} on {@code port}: 0 or a negative errno. Allocates nothing. */
    public int send(int port) {
        return (int) EventChannelOp.send(hc(), port);
    }

    /**
     * {@code EVTCHNOP_close}: masks the port (as Linux does before closing), closes it, and forgets its handler. A port
     * outside the ABI's range goes to Xen as it is, for Xen's answer.
     *
     * @return 0, or a negative errno
     */
    public int close(int port) {
        boolean inRange = inRange(port);
        if (inRange) {
            ops.mask(cpu, port);
        }
        long rc = EventChannelOp.close(hc(), port);
        if (rc == 0 && inRange && port < notifyVcpu.length) {
            if (notifyVcpu[port] >= 0) {
                ops.unbind(port, notifyVcpu[port]);
            }
            notifyVcpu[port] = -1;
            handlers[port] = null;
            for (int[] byVirq : virqPorts) {
                for (int v = 0; v < byVirq.length; v++) {
                    if (byVirq[v] == port) {
                        byVirq[v] = 0;
                    }
                }
            }
        }
        return (int) rc;
    }

    /** {@code EVTCHNOP_status} of port {@code port} of {@code dom} ({@code DOMID_SELF} for this domain). */
    public PortStatus status(int dom, int port) {
        return EventChannelOp.status(hc(), dom, port);
    }

    /** {@code EVTCHNOP_set_priority}: the port's FIFO queue, 0 (highest) to 15; {@code -ENOSYS} on 2-level. */
    public int setPriority(int port, int priority) {
        return (int) EventChannelOp.setPriority(hc(), port, priority);
    }

    // -------------------------------------------------------------------------------------------------------------
    // per-port bits and handlers

    /** Registers {@code handler} (or none, {@code null}) for {@code port}, replacing any. */
    public void setHandler(int port, EventHandler handler) {
        checkPort(port);
        growPorts(port);
        handlers[port] = handler;
    }

    /** The handler of {@code port}, or {@code null}. */
    public EventHandler handler(int port) {
        return port >= 0 && port < handlers.length ? handlers[port] : null;
    }

    /** Sets the port's mask bit: the guest's own store; Xen never writes it. */
    public void mask(int port) {
        checkPort(port);
        ops.mask(cpu, port);
    }

    /** Unmasks the port and has an event pending on it delivered (see the class comment). */
    public void unmask(int port) {
        checkPort(port);
        ops.unmask(cpu, hc, port, notifyVcpu(port));
    }

    /** Whether the port's pending bit is set. */
    public boolean isPending(int port) {
        checkPort(port);
        return ops.isPending(cpu, port);
    }

    /** Whether the port's mask bit is set. */
    public boolean isMasked(int port) {
        checkPort(port);
        return ops.isMasked(cpu, port);
    }

    /** Clears the port's pending bit, as the upcall does before a handler runs. */
    public void clearPending(int port) {
        checkPort(port);
        ops.clearPending(cpu, port);
    }

    /** The vCPU {@code port} notifies, as this kernel bound it (0 for a port it did not bind, Xen's default). */
    public int notifyVcpu(int port) {
        return port >= 0 && port < notifyVcpu.length && notifyVcpu[port] >= 0 ? notifyVcpu[port] : 0;
    }

    // -------------------------------------------------------------------------------------------------------------
    // what the layer knows

    /** Whether the hypervisor has event channels (false: {@code event_channel_op} answered {@code -ENOSYS} at boot). */
    public boolean isAvailable() {
        return available;
    }

    /** The ABI in use. */
    public EventAbi abi() {
        return ops == null ? EventAbi.TWO_LEVEL : ops.abi();
    }

    /** Why FIFO was not used although asked for ({@code EVTCHNOP_init_control}'s errno), or 0. */
    public long fifoRefused() {
        return fifoRefused;
    }

    /** Ports the ABI can name. */
    public int maxChannels() {
        return ops == null ? SharedInfoDescriptor.EVTCHN_2L_NR_CHANNELS : ops.maxChannels();
    }

    /** Upcalls run so far, over all vCPUs. */
    public long upcalls() {
        return upcalls;
    }

    /** Ports handled so far. */
    public long dispatched() {
        return dispatched;
    }

    /** Ports handled that had no handler. */
    public long spurious() {
        return spurious;
    }

    /** {@code VIRQ_TIMER} events the kernel's own timer handler took (a workload's handler replaces it). */
    public long timerTicks() {
        return timerTicks;
    }

    // -------------------------------------------------------------------------------------------------------------

    private Hypercalls hc() {
        if (hc == null) {
            throw new IllegalStateException("event layer used before being bound to a vCPU");
        }
        return hc;
    }

    private boolean inRange(int port) {
        if (ops == null) {
            throw new IllegalStateException("event layer used before start");
        }
        return port > 0 && port < ops.maxChannels();
    }

    private void checkPort(int port) {
        if (!inRange(port)) {
            throw new IllegalArgumentException("port " + port + " is not a port of the " + ops.abi().word + " ABI (1.."
                    + (ops.maxChannels() - 1) + ")");
        }
    }

    private void growPorts(int port) {
        if (port >= handlers.length) {
            int n = Math.max(port + 1, Math.max(64, 2 * handlers.length));
            int old = notifyVcpu.length;
            handlers = Arrays.copyOf(handlers, n);
            notifyVcpu = Arrays.copyOf(notifyVcpu, n);
            Arrays.fill(notifyVcpu, old, n, -1);
        }
    }

    private void growVcpus(int vcpu) {
        if (vcpu >= virqPorts.length) {
            int old = virqPorts.length;
            virqPorts = Arrays.copyOf(virqPorts, vcpu + 1);
            for (int i = old; i <= vcpu; i++) {
                virqPorts[i] = new int[Virq.NR_VIRQS];
            }
        }
    }
}
