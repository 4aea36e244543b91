package org.pvsim.evtchn.op;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * The checks of Xen's default XSM policy ({@code xen/include/xsm/dummy.h}, {@code xsm_default_action}) that event
 * channels use. {@code XSM_HOOK} always allows, so only {@code XSM_TARGET} is here.
 */
final class XsmDummy {
    private XsmDummy() {}

    /**
     * {@code XSM_TARGET}: a domain may act on itself; the control domain may act on any domain. (Xen also lets a
     * device model act on its target domain: pvsim has no device-model stub domains.)
     *
     * @return 0, or {@code -EPERM}
     */
    static int target(HypercallContext ctx, int targetDomid) {
        return ctx.callerDomid() == targetDomid || ctx.isCallerPrivileged() ? 0 : Errno.EPERM.neg();
    }
}
