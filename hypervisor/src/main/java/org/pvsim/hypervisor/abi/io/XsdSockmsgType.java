package org.pvsim.hypervisor.abi.io;

/**
 * {@code enum xsd_sockmsg_type} ({@code xen/include/public/io/xs_wire.h}): the type of a xenstore message, in the
 * {@code type} field of its {@link XsdSockmsgDescriptor header}. Code 20 was {@code XS_RESTRICT}, since removed; it
 * and any code from {@link #TYPE_COUNT} up name no message ({@link #ofCode} answers {@code null}).
 */
public enum XsdSockmsgType {
    XS_CONTROL(0),
    XS_DIRECTORY(1),
    XS_READ(2),
    XS_GET_PERMS(3),
    XS_WATCH(4),
    XS_UNWATCH(5),
    XS_TRANSACTION_START(6),
    XS_TRANSACTION_END(7),
    XS_INTRODUCE(8),
    XS_RELEASE(9),
    XS_GET_DOMAIN_PATH(10),
    XS_WRITE(11),
    XS_MKDIR(12),
    XS_RM(13),
    XS_SET_PERMS(14),
    XS_WATCH_EVENT(15),
    XS_ERROR(16),
    XS_IS_DOMAIN_INTRODUCED(17),
    XS_RESUME(18),
    XS_SET_TARGET(19),
    XS_RESET_WATCHES(21),
    XS_DIRECTORY_PART(22),
    XS_GET_FEATURE(23),
    XS_SET_FEATURE(24),
    XS_GET_QUOTA(25),
    XS_SET_QUOTA(26);

    /** {@code XS_TYPE_COUNT}: one more than the highest type. */
    public static final int TYPE_COUNT = 27;
    /** {@code XS_INVALID}: guaranteed never to be a valid type. */
    public static final int XS_INVALID = 0xffff;

    private static final XsdSockmsgType[] BY_CODE = new XsdSockmsgType[TYPE_COUNT];

    static {
        for (XsdSockmsgType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    /** The value on the wire. */
    public final int code;

    XsdSockmsgType(int code) {
        this.code = code;
    }

    /** The type with wire value {@code code} (read as unsigned 32-bit), or {@code null} if none has it. */
    public static XsdSockmsgType ofCode(long code) {
        return code >= 0 && code < TYPE_COUNT ? BY_CODE[(int) code] : null;
    }
}
