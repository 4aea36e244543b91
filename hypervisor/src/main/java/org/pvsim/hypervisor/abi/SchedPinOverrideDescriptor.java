package org.pvsim.hypervisor.abi;

/**
 * {@code struct sched_pin_override} ({@code xen/include/public/sched.h}): the argument of {@code
 * SCHEDOP_pin_override}, with which the hardware domain temporarily pins the calling vCPU to one physical CPU
 * (firmware calls that must run on a given CPU) and undoes it ({@code do_sched_op} and {@code
 * vcpu_temporary_affinity}, {@code common/sched/core.c}):
 *
 * <ul>
 *   <li>any domain but the hardware domain: {@code -EPERM};
 *   <li>{@code pcpu >= NR_CPUS}: {@code -EINVAL};
 *   <li>{@code pcpu >= 0}: saves the hard affinity and pins the vCPU to {@code pcpu}; {@code -EBUSY} if an override
 *       is already in force, {@code -EINVAL} if the CPU is not online in the vCPU's pool;
 *   <li>{@code pcpu < 0}: restores the saved hard affinity; {@code -EINVAL} if no override is in force. The toolstack
 *       can also undo an override with {@code XEN_DOMCTL_setvcpuaffinity} and {@code XEN_VCPUAFFINITY_FORCE}.
 * </ul>
 */
public final class SchedPinOverrideDescriptor {
    /** {@code int32_t pcpu}: the physical CPU, or negative to undo the override. */
    public static final int PCPU_OFFSET = 0;
    /** {@code sizeof(struct sched_pin_override)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("sched_pin_override")
            .field("pcpu", PCPU_OFFSET, CType.INT32)
            .build(SIZE);

    private SchedPinOverrideDescriptor() {}
}
