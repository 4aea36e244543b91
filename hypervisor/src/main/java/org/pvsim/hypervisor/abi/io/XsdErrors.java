package org.pvsim.hypervisor.abi.io;

import java.util.List;

/**
 * {@code xsd_errors[]} ({@code xs_wire.h}): the errno names xenstored puts, NUL-terminated, in the payload of an
 * {@link XsdSockmsgType#XS_ERROR} reply. The wire carries the name, never the number; a client maps the name back to
 * its own errno (an unknown name to {@code EINVAL}, as {@code get_error} in libxenstore does).
 */
public final class XsdErrors {
    /** The names, in {@code xsd_errors[]}'s order. New errors are appended there, never inserted. */
    public static final List<String> NAMES = List.of(
            "EINVAL",
            "EACCES",
            "EEXIST",
            "EISDIR",
            "ENOENT",
            "ENOMEM",
            "ENOSPC",
            "EIO",
            "ENOTEMPTY",
            "ENOSYS",
            "EROFS",
            "EBUSY",
            "EAGAIN",
            "EISCONN",
            "E2BIG",
            "EPERM");

    public static final String EINVAL = "EINVAL";
    public static final String EACCES = "EACCES";
    public static final String EEXIST = "EEXIST";
    public static final String EISDIR = "EISDIR";
    public static final String ENOENT = "ENOENT";
    public static final String ENOMEM = "ENOMEM";
    public static final String ENOSPC = "ENOSPC";
    public static final String EIO = "EIO";
    public static final String ENOTEMPTY = "ENOTEMPTY";
    public static final String ENOSYS = "ENOSYS";
    public static final String EROFS = "EROFS";
    public static final String EBUSY = "EBUSY";
    public static final String EAGAIN = "EAGAIN";
    public static final String EISCONN = "EISCONN";
    public static final String E2BIG = "E2BIG";
    public static final String EPERM = "EPERM";

    private XsdErrors() {}

    /** Whether {@code name} is one of {@link #NAMES}. */
    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }
}
