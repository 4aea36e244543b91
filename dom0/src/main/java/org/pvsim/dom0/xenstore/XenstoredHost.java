package org.pvsim.dom0.xenstore;

/**
 * What xenstored needs from dom0 around it: the mapping of a domain's ring page and the binding of its store event
 * channel. In Xen, {@code introduce_domain} in {@code domain.c} maps the page ({@code map_interface}, through the
 * grant table or {@code xenforeignmemory}) and binds the port ({@code xenevtchn_bind_interdomain}); {@code
 * domain_conn_reset}/{@code talloc_free} of the domain unmap and unbind it. The host glue (dom0's daemons) implements
 * this and calls {@link Xenstored#serviceRing} when the bound port fires.
 */
public interface XenstoredHost {
    /**
     * {@code XS_INTRODUCE}: map {@code mfn} of {@code domid} and bind an interdomain channel to its port {@code
     * port}.
     *
     * @return the connection's ring I/O, or {@code null} if the page cannot be mapped or the port not bound (xenstored
     *     then answers {@code EINVAL}, as {@code introduce_domain} does when {@code map_interface} or the bind fails)
     */
    XsRingChannel connect(int domid, long mfn, int port);

    /** The domain's connection is gone (released, dead or dropped): unmap its page and close its local port. */
    void disconnect(int domid);
}
