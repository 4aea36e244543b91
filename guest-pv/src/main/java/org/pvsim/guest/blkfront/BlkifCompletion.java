package org.pvsim.guest.blkfront;

import org.pvsim.hypervisor.abi.GuestCpu;

/** What a caller of {@link Blkfront#submit} is told once its request has a response. */
@FunctionalInterface
public interface BlkifCompletion {
    /**
     * The request submitted with {@code cookie} is done with {@code status} ({@code BLKIF_RSP_*}), in the upcall that
     * delivered its response. Called exactly once per accepted request.
     */
    void done(GuestCpu cpu, long cookie, int status);
}
