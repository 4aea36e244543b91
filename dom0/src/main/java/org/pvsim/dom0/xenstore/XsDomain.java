package org.pvsim.dom0.xenstore;

/**
 * An introduced domain ({@code struct domain} of {@code domain.c}): its ring connection, the page and port it was
 * introduced with, whether it has been seen shut down, and whether its connection was dropped (a bad client: the
 * domain stays introduced until released or dead, as Xen's ignored connections do).
 */
final class XsDomain {
    final int domid;
    final long mfn;
    final int port;
    final XsConnection conn;
    boolean shutdown;
    boolean disconnected;

    XsDomain(int domid, long mfn, int port, XsConnection conn) {
        this.domid = domid;
        this.mfn = mfn;
        this.port = port;
        this.conn = conn;
    }
}
