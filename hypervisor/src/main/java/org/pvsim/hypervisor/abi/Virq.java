package org.pvsim.hypervisor.abi;

/**
 * Virtual IRQ numbers ({@code VIRQ_*}, {@code xen/include/public/xen.h}); {@link #NR_VIRQS} of them.
 */
public enum Virq {
    VIRQ_TIMER(0),
    VIRQ_DEBUG(1),
    VIRQ_CONSOLE(2),
    VIRQ_DOM_EXC(3),
    VIRQ_TBUF(4),
    VIRQ_DEBUGGER(6),
    VIRQ_XENOPROF(7),
    VIRQ_CON_RING(8),
    VIRQ_PCPU_STATE(9),
    VIRQ_MEM_EVENT(10),
    VIRQ_ARGO(11),
    VIRQ_ENOMEM(12),
    VIRQ_XENPMU(13),
    VIRQ_ARCH_0(16),
    VIRQ_ARCH_1(17),
    VIRQ_ARCH_2(18),
    VIRQ_ARCH_3(19),
    VIRQ_ARCH_4(20),
    VIRQ_ARCH_5(21),
    VIRQ_ARCH_6(22),
    VIRQ_ARCH_7(23);

    private static final Virq[] BY_CODE = new Virq[23 + 1];

    static {
        for (Virq c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    Virq(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static Virq ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /**
     * Whether {@code virq} is per-vCPU ("V" in {@code xen/include/public/xen.h}; {@code get_virq_type} {@code
     * VIRQ_VCPU}): {@code VIRQ_TIMER}, {@code VIRQ_DEBUG}, {@code VIRQ_XENOPROF}, {@code VIRQ_XENPMU}. Such a VIRQ
     * is bound and raised on each vCPU separately; the others only on vCPU 0.
     */
    public static boolean isPerVcpu(int virq) {
        return virq == VIRQ_TIMER.code
                || virq == VIRQ_DEBUG.code
                || virq == VIRQ_XENOPROF.code
                || virq == VIRQ_XENPMU.code;
    }

    /** Number of VIRQ slots ({@code NR_VIRQS}). */
    public static final int NR_VIRQS = 24;
}
