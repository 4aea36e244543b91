package org.pvsim.dom0.xenstore;

/**
 * xenstored's side of one domain's ring page ({@code struct xenstore_domain_interface}), as the host glue maps it:
 * the byte streams of {@code req} (read here) and {@code rsp} (written here), the notification of the domain's store
 * event channel, and the page's {@code error} field. It is {@code domain_read}/{@code domain_write} and
 * {@code xenevtchn_notify} of {@code domain.c}: xenstored frames messages itself, so this interface moves bytes only.
 * {@link SharedPageRingChannel} implements it over a mapping of the page with {@link
 * org.pvsim.guest.io.SharedByteRing}.
 *
 * <p>Called only from {@link Xenstored#serviceRing} and {@link Xenstored}'s own processing, on the thread (the dom0
 * step) that called it.
 */
public interface XsRingChannel {
    /** {@link #read}/{@link #write} result when the ring's indices are impossible ({@code SharedByteRing.CORRUPT}). */
    int CORRUPT = -1;

    /**
     * Consumes up to {@code len} request bytes from {@code req} into {@code dst}.
     *
     * @return bytes consumed (0 when the ring is empty), or {@link #CORRUPT}
     */
    int read(byte[] dst, int off, int len);

    /**
     * Produces up to {@code len} bytes of {@code src} into {@code rsp}, as many as fit.
     *
     * @return bytes produced (0 when the ring is full), or {@link #CORRUPT}
     */
    int write(byte[] src, int off, int len);

    /** Sends an event on the domain's store port: the guest has replies or has room in {@code req} again. */
    void notifyPeer();

    /**
     * Writes {@code XENSTORE_ERROR_*} into the page's {@code error} field: xenstored has given up on this ring (a
     * corrupt index, an oversized message), as {@code ignore_connection} does with {@code XENSTORE_SERVER_FEATURE_ERROR}.
     */
    void setError(int xenstoreError);
}
