package org.pvsim.hypervisor.abi;

/**
 * The command in the low two bits of {@code mmu_update.ptr} ({@code MMU_*}, {@code xen/include/public/xen.h}).
 */
public enum MmuUpdateCmd {
    MMU_NORMAL_PT_UPDATE(0),
    MMU_MACHPHYS_UPDATE(1),
    MMU_PT_UPDATE_PRESERVE_AD(2),
    MMU_PT_UPDATE_NO_TRANSLATE(3);

    private static final MmuUpdateCmd[] BY_CODE = new MmuUpdateCmd[3 + 1];

    static {
        for (MmuUpdateCmd c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    MmuUpdateCmd(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static MmuUpdateCmd ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
