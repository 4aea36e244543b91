package org.pvsim.dom0.net;

import org.pvsim.hypervisor.abi.GuestCpu;

/** Something plugged into a {@link Bridge}: a vif (netback's side of a guest's interface) or a NIC. */
public interface BridgePort {
    /** The port's name ({@code vif1.0}). */
    String name();

    /**
     * Takes a copy of the frame in dom0's page {@code pfn}, bytes {@code [offset, offset + len)}, before returning.
     *
     * @return false if the port dropped it (counted by the port)
     */
    boolean deliver(GuestCpu cpu, long pfn, int offset, int len);
}
