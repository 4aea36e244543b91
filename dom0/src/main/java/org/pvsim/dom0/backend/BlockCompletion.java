package org.pvsim.dom0.backend;

import org.pvsim.hypervisor.abi.GuestCpu;

/** What a {@link BlockStore} calls when a request it took is done. */
@FunctionalInterface
public interface BlockCompletion {
    /** The request submitted with {@code tag} is done with {@code status}, a {@code BLKIF_RSP_*} code. */
    void done(GuestCpu cpu, long tag, int status);
}
