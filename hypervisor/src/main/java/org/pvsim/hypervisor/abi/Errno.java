package org.pvsim.hypervisor.abi;

/**
 * Xen's error numbers, in Xen's own numbering ({@code xen/include/public/errno.h}). A hypercall returns the
 * negated value ({@link #neg()}); every error path in pvsim returns one of these and nothing else.
 */
public enum Errno {
    EPERM(1),
    ENOENT(2),
    ESRCH(3),
    EINTR(4),
    EIO(5),
    ENXIO(6),
    E2BIG(7),
    ENOEXEC(8),
    EBADF(9),
    ECHILD(10),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EFAULT(14),
    EBUSY(16),
    EEXIST(17),
    EXDEV(18),
    ENODEV(19),
    ENOTDIR(20),
    EISDIR(21),
    EINVAL(22),
    ENFILE(23),
    EMFILE(24),
    ENOSPC(28),
    EROFS(30),
    EMLINK(31),
    EDOM(33),
    ERANGE(34),
    EDEADLK(35),
    ENAMETOOLONG(36),
    ENOLCK(37),
    ENOSYS(38),
    ENOTEMPTY(39),
    ENODATA(61),
    ETIME(62),
    EBADMSG(74),
    EOVERFLOW(75),
    EILSEQ(84),
    ERESTART(85),
    ENOTSOCK(88),
    EMSGSIZE(90),
    EOPNOTSUPP(95),
    EADDRINUSE(98),
    EADDRNOTAVAIL(99),
    ENOBUFS(105),
    EISCONN(106),
    ENOTCONN(107),
    ETIMEDOUT(110),
    ECONNREFUSED(111);

    private static final Errno[] BY_CODE = new Errno[128];

    static {
        for (Errno e : values()) {
            BY_CODE[e.code] = e;
        }
    }

    /** The positive errno value. */
    public final int code;

    Errno(int code) {
        this.code = code;
    }

    /** The value a hypercall returns for this error: {@code -code}. */
    public int neg() {
        return -code;
    }

    /** The errno for a positive code, or {@code null} if Xen defines none. */
    public static Errno ofCode(long code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /** A hypercall return value as a person reads it: {@code -EINVAL} for a Xen error, the number otherwise. */
    public static String describe(long ret) {
        Errno e = ret < 0 ? ofCode(-ret) : null;
        return e == null ? Long.toString(ret) : "-" + e.name();
    }
}
