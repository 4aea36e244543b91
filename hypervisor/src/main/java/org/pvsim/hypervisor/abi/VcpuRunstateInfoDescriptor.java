package org.pvsim.hypervisor.abi;

/**
 * {@code struct vcpu_runstate_info} ({@code xen/include/public/vcpu.h}): a vCPU's current runstate, when it entered
 * it, and the total time spent in each of the four runstates ({@link RunstateKind}). {@code VCPUOP_get_runstate_info}
 * copies it out; {@code VCPUOP_register_runstate_memory_area} makes Xen keep a copy in guest memory.
 */
public final class VcpuRunstateInfoDescriptor {
    /** {@code int state}: a {@link RunstateKind} code. */
    public static final int STATE_OFFSET = 0;
    /** {@code uint64_t state_entry_time}: system time (ns) the state was entered, maybe with {@link #XEN_RUNSTATE_UPDATE}. */
    public static final int STATE_ENTRY_TIME_OFFSET = 8;
    /** {@code uint64_t time[4]}: nanoseconds spent in each runstate, indexed by {@link RunstateKind#code}. */
    public static final int TIME_OFFSET = 16;
    /** Number of runstates, the length of {@code time}. */
    public static final int NR_RUNSTATES = 4;
    /** {@code sizeof(struct vcpu_runstate_info)}. */
    public static final int SIZE = 48;

    /**
     * {@code XEN_RUNSTATE_UPDATE}: bit 63 of {@code state_entry_time}, set while Xen updates a guest-mapped copy (only
     * if the guest enabled {@code VMASST_TYPE_runstate_update_flag}).
     */
    public static final long XEN_RUNSTATE_UPDATE = 1L << 63;

    public static final StructLayout LAYOUT = StructLayout.builder("vcpu_runstate_info")
            .field("state", STATE_OFFSET, CType.INT)
            .field("state_entry_time", STATE_ENTRY_TIME_OFFSET, CType.UINT64)
            .field("time", TIME_OFFSET, CType.UINT64.array(NR_RUNSTATES))
            .build(SIZE);

    private VcpuRunstateInfoDescriptor() {}

    /**
     * The offset of {@code time[runstate]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= runstate < 4}
     */
    public static int timeOffset(int runstate) {
        return TIME_OFFSET + 8 * ArrayIndex.check("vcpu_runstate_info.time", runstate, NR_RUNSTATES, "RUNSTATE_*");
    }
}
