package org.pvsim.dom0.xenstore;

import org.pvsim.hypervisor.abi.io.XsdErrors;

/**
 * A request's failure inside xenstored: the errno name its {@code XS_ERROR} reply carries (the {@code return errno}
 * of {@code core.c}'s handlers). Thrown by the handlers, caught by the dispatcher, never seen outside the package.
 */
final class XsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final String EINVAL = XsdErrors.EINVAL;
    static final String EACCES = XsdErrors.EACCES;
    static final String EEXIST = XsdErrors.EEXIST;
    static final String ENOENT = XsdErrors.ENOENT;
    static final String ENOSPC = XsdErrors.ENOSPC;
    static final String ENOSYS = XsdErrors.ENOSYS;
    static final String EBUSY = XsdErrors.EBUSY;
    static final String EAGAIN = XsdErrors.EAGAIN;
    static final String E2BIG = XsdErrors.E2BIG;
    static final String EPERM = XsdErrors.EPERM;
    static final String ENOMEM = XsdErrors.ENOMEM;

    final String errno;

    XsError(String errno) {
        super(errno, null, false, false);
        this.errno = errno;
    }
}
