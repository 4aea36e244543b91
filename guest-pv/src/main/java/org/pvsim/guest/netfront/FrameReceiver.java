package org.pvsim.guest.netfront;

import org.pvsim.hypervisor.abi.GuestCpu;

/** What netfront hands each frame it receives to (the workload, as Linux's network stack). */
@FunctionalInterface
public interface FrameReceiver {
    /**
     * A frame of {@code len} bytes arrived, in {@code frame[0, len)}; the array is netfront's and is reused after the
     * call returns. Runs in the upcall that delivered it.
     */
    void receive(GuestCpu cpu, byte[] frame, int len);
}
