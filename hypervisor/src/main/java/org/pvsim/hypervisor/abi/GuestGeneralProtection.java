package org.pvsim.hypervisor.abi;

/**
 * A general-protection fault ({@code #GP(0)}) injected into a PV guest for an instruction Xen refused to emulate:
 * pvsim raises it for an {@code in} or {@code out} when the vCPU's virtual IOPL ({@code PHYSDEVOP_set_iopl}) is
 * below the kernel's privilege level ({@code guest_io_okay}, {@code xen/arch/x86/pv/emul-priv-op.c}). A guest kernel
 * may catch it; one that escapes the kernel's code crashes its domain.
 */
public final class GuestGeneralProtection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int port;

    public GuestGeneralProtection(int port, String why) {
        super(String.format("general protection fault: port %#x: %s", port, why));
        this.port = port;
    }

    /** The I/O port of the refused instruction. */
    public int port() {
        return port;
    }
}
