package org.pvsim.hypervisor.abi;

/**
 * {@code struct sched_poll} ({@code xen/include/public/sched.h}): the argument of {@code SCHEDOP_poll}. The caller
 * blocks until one of {@code nr_ports} event-channel ports ({@code evtchn_port_t}, 4 bytes each, at {@code ports}) is
 * pending, or until {@code timeout}, an absolute system time in ns (0: no timeout).
 *
 * <p>Xen's rules ({@code do_poll}, {@code common/sched/core.c}): more than {@link #MAX_NR_PORTS} ports is {@code
 * -EINVAL}; an unreadable port array is {@code -EFAULT}; an invalid port is {@code -EINVAL}; and the call returns 0
 * at once if an event is already waiting for delivery to the vCPU ({@code evtchn_upcall_pending} with the mask clear)
 * or one of the ports is pending. {@code nr_ports = 0} with a timeout is a plain timed sleep: the poll timer wakes the
 * vCPU directly, without an event. {@code nr_ports} is an {@code unsigned int}, so {@code timeout} sits at offset 16
 * after 4 bytes of padding.
 */
public final class SchedPollDescriptor {
    /** {@code XEN_GUEST_HANDLE(evtchn_port_t) ports}: the port array. */
    public static final int PORTS_OFFSET = 0;
    /** {@code unsigned int nr_ports}. */
    public static final int NR_PORTS_OFFSET = 8;
    /** {@code uint64_t timeout}: absolute system time in ns, or 0 for none. */
    public static final int TIMEOUT_OFFSET = 16;
    /** {@code sizeof(struct sched_poll)}. */
    public static final int SIZE = 24;

    /** The most ports one poll may name ("fairly arbitrary limit", {@code do_poll}). */
    public static final int MAX_NR_PORTS = 128;

    /** Bytes of one entry of the port array ({@code evtchn_port_t}, a {@code uint32_t}). */
    public static final int PORT_SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("sched_poll")
            .field("ports", PORTS_OFFSET, CType.guestHandle("evtchn_port_t"))
            .field("nr_ports", NR_PORTS_OFFSET, CType.UINT)
            .field("timeout", TIMEOUT_OFFSET, CType.UINT64)
            .build(SIZE);

    private SchedPollDescriptor() {}

    /** Whether Xen accepts {@code nrPorts} (read as unsigned); if not, it returns {@code -EINVAL}. */
    public static boolean isValidNrPorts(long nrPorts) {
        return Long.compareUnsigned(nrPorts & 0xFFFF_FFFFL, MAX_NR_PORTS) <= 0;
    }
}
