package org.pvsim.hypervisor.xsm;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.domain.Domain;

/**
 * Xen's default access policy, the "dummy" XSM module ({@code xen/include/xsm/dummy.h},
 * {@code xsm_default_action}). Each check answers 0 (allowed) or {@code -EPERM}.
 *
 * <ul>
 *   <li>{@code XSM_HOOK}: always allowed.
 *   <li>{@code XSM_TARGET}: allowed on oneself, otherwise only for the control domain.
 *   <li>{@code XSM_DM_PRIV}: allowed for a device model over its target (pvsim has none), otherwise as XSM_PRIV.
 *   <li>{@code XSM_PRIV}: allowed only for the control domain.
 * </ul>
 */
public final class DummyXsm {
    private DummyXsm() {}

    /** {@code XSM_TARGET}: {@code src} acting on the domain {@code targetDomid}. */
    public static int target(Domain src, int targetDomid) {
        return src.domid() == targetDomid || src.isPrivileged() ? 0 : Errno.EPERM.neg();
    }

    /** {@code XSM_DM_PRIV}: {@code src} acting on {@code targetDomid} as its device model. */
    public static int dmPriv(Domain src, int targetDomid) {
        return priv(src);
    }

    /** {@code XSM_PRIV}: only the control domain. */
    public static int priv(Domain src) {
        return src.isPrivileged() ? 0 : Errno.EPERM.neg();
    }
}
