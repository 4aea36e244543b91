package org.pvsim.evtchn.testing;

import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;

/** The return codes and ids the tests compare with, as the hypercall returns them. */
public final class Rc {
    public static final int EPERM = Errno.EPERM.neg();
    public static final int ENOENT = Errno.ENOENT.neg();
    public static final int ESRCH = Errno.ESRCH.neg();
    public static final int EFAULT = Errno.EFAULT.neg();
    public static final int EBUSY = Errno.EBUSY.neg();
    public static final int EEXIST = Errno.EEXIST.neg();
    public static final int EINVAL = Errno.EINVAL.neg();
    public static final int ENOSPC = Errno.ENOSPC.neg();
    public static final int ENOSYS = Errno.ENOSYS.neg();
    public static final int EACCES = Errno.EACCES.neg();
    public static final int EOPNOTSUPP = Errno.EOPNOTSUPP.neg();
    public static final int SELF = DomId.DOMID_SELF;

    private Rc() {}
}
