package org.pvsim.hypervisor.testing;

import org.pvsim.hypervisor.abi.XenAddressSpace;

/**
 * Virtual addresses a test passes as bad hypercall pointers, each bad for a different reason ({@code access_ok}
 * refuses the last two before any page walk; the first is refused by the walk).
 */
public final class GuestAddresses {
    private GuestAddresses() {}

    /** A canonical guest address in L4 slot 128, which no test domain maps. */
    public static final long UNMAPPED = 0x0000_4000_0000_0000L;

    /** An address in Xen's own range: never a guest's. */
    public static final long XEN_RANGE = XenAddressSpace.HYPERVISOR_VIRT_START + 0x1000;

    /** The first non-canonical address above the lower half. */
    public static final long NON_CANONICAL = 0x0000_8000_0000_0000L;
}
