package org.pvsim.dom0.xenstore;

/**
 * An {@code XS_ERROR} reply received by an {@link XsSocket} client: xenstored refused the request with the errno
 * named by {@link #errno()} (one of {@link org.pvsim.hypervisor.abi.io.XsdErrors#NAMES}), as libxenstore turns the
 * name back into {@code errno} in {@code get_error}.
 */
public final class XsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errno;

    /** An error reply naming {@code errno}; {@code message} says which request failed. */
    public XsException(String errno, String message) {
        super(message + ": " + errno);
        this.errno = errno;
    }

    /** The errno name of the reply, e.g. {@code "ENOENT"}. */
    public String errno() {
        return errno;
    }
}
