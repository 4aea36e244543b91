package org.pvsim.hypervisor.machine;

/**
 * The type of a machine frame ({@code PGT_*} in {@code xen/arch/x86/include/asm/mm.h}). Types are mutually
 * exclusive: a frame holds references of one type at a time, and its type changes only when its type count is 0.
 */
public enum PageType {
    PGT_none(0),
    PGT_l1_page_table(1),
    PGT_l2_page_table(2),
    PGT_l3_page_table(3),
    PGT_l4_page_table(4),
    PGT_seg_desc_page(5),
    PGT_shared_page(6),
    PGT_writable_page(7);

    /** {@code PGT_root_page_table}: the L4 on x86-64. */
    public static final PageType PGT_root_page_table = PGT_l4_page_table;

    private static final PageType[] BY_CODE = values();

    /** Xen's type value (bits 61-63 of {@code type_info}). */
    public final int code;

    PageType(int code) {
        this.code = code;
    }

    public static PageType ofCode(int code) {
        return BY_CODE[code];
    }

    /** The page-table type of level 1-4. */
    public static PageType pageTable(int level) {
        return BY_CODE[level];
    }

    /** Whether this is one of the four page-table types. */
    public boolean isPageTable() {
        return code >= 1 && code <= 4;
    }

    /** For a page-table type, its level (1-4). */
    public int level() {
        return code;
    }
}
