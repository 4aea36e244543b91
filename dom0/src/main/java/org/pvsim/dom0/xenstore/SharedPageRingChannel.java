package org.pvsim.dom0.xenstore;

import java.util.function.Supplier;
import org.pvsim.guest.io.SharedByteRing;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XenstoreDomainInterfaceDescriptor;

/**
 * The ordinary {@link XsRingChannel}: xenstored's end of a domain's xenstore page mapped at {@code pageVa} in dom0,
 * read and written through {@link SharedByteRing#xenstoreRequests()} and {@link SharedByteRing#xenstoreResponses()}
 * as the vCPU {@code cpu} supplies (the dom0 vCPU whose step is servicing the ring). Notification is the host's (an
 * {@code EVTCHNOP_send} on dom0's local port).
 */
public final class SharedPageRingChannel implements XsRingChannel {
    private static final SharedByteRing REQ = SharedByteRing.xenstoreRequests();
    private static final SharedByteRing RSP = SharedByteRing.xenstoreResponses();

    private final Supplier<GuestCpu> cpu;
    private final long pageVa;
    private final Runnable notify;

    /**
     * @param cpu the vCPU to access the page with, asked at every call (the glue's current dom0 vCPU)
     * @param pageVa where dom0 mapped the domain's xenstore page
     * @param notify sends an event on dom0's end of the domain's store channel
     */
    public SharedPageRingChannel(Supplier<GuestCpu> cpu, long pageVa, Runnable notify) {
        this.cpu = cpu;
        this.pageVa = pageVa;
        this.notify = notify;
    }

    /** Marks the page as served by an xenstored that reports errors ({@code XENSTORE_SERVER_FEATURE_ERROR}). */
    public void advertiseFeatures() {
        cpu.get()
                .write32(
                        pageVa + XenstoreDomainInterfaceDescriptor.SERVER_FEATURES_OFFSET,
                        XenstoreDomainInterfaceDescriptor.XENSTORE_SERVER_FEATURE_ERROR);
    }

    @Override
    public int read(byte[] dst, int off, int len) {
        int n = REQ.consume(cpu.get(), pageVa, dst, off, len);
        return n == SharedByteRing.CORRUPT ? CORRUPT : n;
    }

    @Override
    public int write(byte[] src, int off, int len) {
        int n = RSP.produce(cpu.get(), pageVa, src, off, len);
        return n == SharedByteRing.CORRUPT ? CORRUPT : n;
    }

    @Override
    public void notifyPeer() {
        notify.run();
    }

    @Override
    public void setError(int xenstoreError) {
        cpu.get().write32(pageVa + XenstoreDomainInterfaceDescriptor.ERROR_OFFSET, xenstoreError);
    }
}
