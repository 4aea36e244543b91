package org.pvsim.gnttab.table;

/**
 * The {@code pin} word of an {@code active_grant_entry} ({@code xen/common/grant_table.c}): four 8-bit counters of
 * the mappings and in-flight copies that hold the entry, host-write (bits 0-7), host-read (8-15), device-write (16-23)
 * and device-read (24-31). Invariant: a counter never wraps; {@link #incr2oflowMask} tells whether one more increment
 * of each named counter would.
 */
public final class GrantPin {
    /** {@code GNTPIN_cntr_width}. */
    public static final int GNTPIN_cntr_width = 8;
    /** {@code GNTPIN_cntr_mask}. */
    public static final int GNTPIN_cntr_mask = (1 << GNTPIN_cntr_width) - 1;
    /** {@code GNTPIN_hstw_shift}: writable host-CPU mappings. */
    public static final int GNTPIN_hstw_shift = 0;
    /** {@code GNTPIN_hstw_inc}. */
    public static final int GNTPIN_hstw_inc = 1 << GNTPIN_hstw_shift;
    /** {@code GNTPIN_hstw_mask}. */
    public static final int GNTPIN_hstw_mask = GNTPIN_cntr_mask << GNTPIN_hstw_shift;
    /** {@code GNTPIN_hstr_shift}: read-only host-CPU mappings. */
    public static final int GNTPIN_hstr_shift = GNTPIN_hstw_shift + GNTPIN_cntr_width;
    /** {@code GNTPIN_hstr_inc}. */
    public static final int GNTPIN_hstr_inc = 1 << GNTPIN_hstr_shift;
    /** {@code GNTPIN_hstr_mask}. */
    public static final int GNTPIN_hstr_mask = GNTPIN_cntr_mask << GNTPIN_hstr_shift;
    /** {@code GNTPIN_devw_shift}: writable device-bus mappings. */
    public static final int GNTPIN_devw_shift = GNTPIN_hstr_shift + GNTPIN_cntr_width;
    /** {@code GNTPIN_devw_inc}. */
    public static final int GNTPIN_devw_inc = 1 << GNTPIN_devw_shift;
    /** {@code GNTPIN_devw_mask}. */
    public static final int GNTPIN_devw_mask = GNTPIN_cntr_mask << GNTPIN_devw_shift;
    /** {@code GNTPIN_devr_shift}: read-only device-bus mappings. */
    public static final int GNTPIN_devr_shift = GNTPIN_devw_shift + GNTPIN_cntr_width;
    /** {@code GNTPIN_devr_inc}. */
    public static final int GNTPIN_devr_inc = 1 << GNTPIN_devr_shift;
    /** {@code GNTPIN_devr_mask}. */
    public static final int GNTPIN_devr_mask = GNTPIN_cntr_mask << GNTPIN_devr_shift;
    /** The two writable counters: {@code GTF_writing} stays set while any of these is non-zero. */
    public static final int GNTPIN_write_mask = GNTPIN_hstw_mask | GNTPIN_devw_mask;

    private GrantPin() {}

    /**
     * {@code GNTPIN_incr2oflow_mask(x)}: for a sum of {@code GNTPIN_*_inc}, the top bit of each counter named; a pin
     * with any of them set would overflow (Xen refuses at 128, half the counter).
     */
    public static int incr2oflowMask(int incr) {
        return incr << (GNTPIN_cntr_width - 1);
    }

    /** One counter of {@code pin}, by its shift. */
    public static int counter(int pin, int shift) {
        return (pin >>> shift) & GNTPIN_cntr_mask;
    }
}
