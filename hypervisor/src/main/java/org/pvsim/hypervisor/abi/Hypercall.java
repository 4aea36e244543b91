package org.pvsim.hypervisor.abi;

/**
 * Hypercall numbers, {@code __HYPERVISOR_*} in {@code xen/include/public/xen.h}. A PV guest puts the number in RAX
 * and the arguments in RDI, RSI, RDX, R10 and R8. The constants carry Xen's names without the prefix, so that they
 * read as in xentrace and xenalyze output ({@code mmu_update}, {@code sched_op}).
 */
public enum Hypercall {
    set_trap_table(0),
    mmu_update(1),
    set_gdt(2),
    stack_switch(3),
    set_callbacks(4),
    fpu_taskswitch(5),
    sched_op_compat(6),
    platform_op(7),
    set_debugreg(8),
    get_debugreg(9),
    update_descriptor(10),
    memory_op(12),
    multicall(13),
    update_va_mapping(14),
    set_timer_op(15),
    event_channel_op_compat(16),
    xen_version(17),
    console_io(18),
    physdev_op_compat(19),
    grant_table_op(20),
    vm_assist(21),
    update_va_mapping_otherdomain(22),
    iret(23),
    vcpu_op(24),
    set_segment_base(25),
    mmuext_op(26),
    xsm_op(27),
    nmi_op(28),
    sched_op(29),
    callback_op(30),
    xenoprof_op(31),
    event_channel_op(32),
    physdev_op(33),
    hvm_op(34),
    sysctl(35),
    domctl(36),
    kexec_op(37),
    tmem_op(38),
    argo_op(39),
    xenpmu_op(40),
    dm_op(41),
    hypfs_op(42),
    arch_0(48),
    arch_1(49),
    arch_2(50),
    arch_3(51),
    arch_4(52),
    arch_5(53),
    arch_6(54),
    arch_7(55);

    /** One past the highest hypercall number; tables indexed by number have this length. */
    public static final int NR_HYPERCALLS = 64;

    private static final Hypercall[] BY_NUMBER = new Hypercall[NR_HYPERCALLS];

    static {
        for (Hypercall h : values()) {
            BY_NUMBER[h.number] = h;
        }
    }

    /** The hypercall number. */
    public final int number;

    Hypercall(int number) {
        this.number = number;
    }

    /** The hypercall with this number, or {@code null} if Xen defines none. */
    public static Hypercall ofNumber(long number) {
        return number >= 0 && number < NR_HYPERCALLS ? BY_NUMBER[(int) number] : null;
    }

    /** Xen's name for a hypercall number, or {@code hypercall_<n>} for a number Xen does not define. */
    public static String nameOf(long number) {
        Hypercall h = ofNumber(number);
        return h == null ? "hypercall_" + number : h.name();
    }
}
