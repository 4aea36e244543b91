package org.pvsim.hypervisor.abi;

/**
 * The sizes of the fixed string buffers {@code xen_version} fills ({@code xen/include/public/version.h}): each
 * command copies a NUL-terminated string into a buffer of exactly this many bytes at the guest's argument address.
 * The {@code *2} commands ({@code XENVER_extraversion2} and so on) instead use a {@code struct xen_varbuf} ({@link
 * XenVarbufDescriptor}) and have no fixed limit.
 */
public final class XenVersionBuffers {
    /** {@code XEN_EXTRAVERSION_LEN}: {@code sizeof(xen_extraversion_t)}, for {@code XENVER_extraversion}. */
    public static final int XEN_EXTRAVERSION_LEN = 16;
    /** {@code XEN_CAPABILITIES_INFO_LEN}: {@code sizeof(xen_capabilities_info_t)}, for {@code XENVER_capabilities}. */
    public static final int XEN_CAPABILITIES_INFO_LEN = 1024;
    /** {@code XEN_CHANGESET_INFO_LEN}: {@code sizeof(xen_changeset_info_t)}, for {@code XENVER_changeset}. */
    public static final int XEN_CHANGESET_INFO_LEN = 64;
    /**
     * {@code sizeof(xen_commandline_t)}, for {@code XENVER_commandline}. Xen defines the type but no {@code _LEN}
     * macro; this name is pvsim's.
     */
    public static final int XEN_COMMANDLINE_LEN = 1024;

    private XenVersionBuffers() {}

    /** The value {@code XENVER_version} returns: major version in bits 31:16, minor in bits 15:0. */
    public static int version(int major, int minor) {
        if (major < 0 || major > 0xFFFF || minor < 0 || minor > 0xFFFF) {
            throw new IllegalArgumentException(
                    "XENVER_version: major and minor must each be in 0..65535, got " + major + "." + minor);
        }
        return (major << 16) | minor;
    }
}
