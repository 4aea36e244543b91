package org.pvsim.hypervisor.abi;

/**
 * {@code mmuext_op.cmd} values ({@code MMUEXT_*}, {@code xen/include/public/xen.h}).
 */
public enum MmuextCmd {
    MMUEXT_PIN_L1_TABLE(0),
    MMUEXT_PIN_L2_TABLE(1),
    MMUEXT_PIN_L3_TABLE(2),
    MMUEXT_PIN_L4_TABLE(3),
    MMUEXT_UNPIN_TABLE(4),
    MMUEXT_NEW_BASEPTR(5),
    MMUEXT_TLB_FLUSH_LOCAL(6),
    MMUEXT_INVLPG_LOCAL(7),
    MMUEXT_TLB_FLUSH_MULTI(8),
    MMUEXT_INVLPG_MULTI(9),
    MMUEXT_TLB_FLUSH_ALL(10),
    MMUEXT_INVLPG_ALL(11),
    MMUEXT_FLUSH_CACHE(12),
    MMUEXT_SET_LDT(13),
    MMUEXT_NEW_USER_BASEPTR(15),
    MMUEXT_CLEAR_PAGE(16),
    MMUEXT_COPY_PAGE(17),
    MMUEXT_FLUSH_CACHE_GLOBAL(18),
    MMUEXT_MARK_SUPER(19),
    MMUEXT_UNMARK_SUPER(20);

    private static final MmuextCmd[] BY_CODE = new MmuextCmd[20 + 1];

    static {
        for (MmuextCmd c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    MmuextCmd(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static MmuextCmd ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
