package org.pvsim.gnttab.op;

import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * One batched {@code GNTTABOP_*} command as {@link GrantTableOp} plugs it in ({@code gnttab_copy}, {@code
 * gnttab_transfer}): called after the dispatcher checked {@code count} ({@code (int) count >= 0}) and the array's
 * start address ({@code guest_handle_okay}). It copies each element in, serves it, writes its {@code status} back
 * and journals it; it must not throw on any guest input.
 */
@FunctionalInterface
public interface GnttabBatchOp {
    /**
     * Serves {@code count} elements at guest address {@code uop}.
     *
     * @return 0, or a negative errno ({@code -EFAULT} when an element cannot be copied in or its status out)
     */
    long run(HypercallContext ctx, long uop, int count);
}
