package org.pvsim.gnttab.op;

import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * The checks of Xen's default XSM policy ({@code xen/include/xsm/dummy.h}) that grant operations make: {@code
 * xsm_grant_setup} and {@code xsm_grant_query_size} are {@code XSM_TARGET} (the domain itself or the control domain);
 * {@code xsm_grant_mapref}, {@code unmapref}, {@code copy} and {@code transfer} are {@code XSM_HOOK} (always allowed).
 * pvsim has no device-model {@code target} domains.
 */
final class GnttabXsm {
    private GnttabXsm() {}

    /** {@code XSM_TARGET}: whether the caller may act on {@code target}. */
    static boolean target(HypercallContext ctx, int target) {
        return ctx.callerDomid() == target || ctx.isCallerPrivileged();
    }
}
