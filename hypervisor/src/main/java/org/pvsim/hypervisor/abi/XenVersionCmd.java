package org.pvsim.hypervisor.abi;

/**
 * {@code xen_version} commands ({@code XENVER_*}, {@code xen/include/public/version.h}).
 */
public enum XenVersionCmd {
    XENVER_version(0),
    XENVER_extraversion(1),
    XENVER_compile_info(2),
    XENVER_capabilities(3),
    XENVER_changeset(4),
    XENVER_platform_parameters(5),
    XENVER_get_features(6),
    XENVER_pagesize(7),
    XENVER_guest_handle(8),
    XENVER_commandline(9),
    XENVER_build_id(10),
    XENVER_extraversion2(11),
    XENVER_capabilities2(12),
    XENVER_changeset2(13),
    XENVER_commandline2(14);

    private static final XenVersionCmd[] BY_CODE = new XenVersionCmd[14 + 1];

    static {
        for (XenVersionCmd c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    XenVersionCmd(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static XenVersionCmd ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
