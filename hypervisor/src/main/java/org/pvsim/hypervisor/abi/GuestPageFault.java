package org.pvsim.hypervisor.abi;

/**
 * A page fault ({@code #PF}) raised by a guest load or store that its page tables do not allow. A guest kernel may
 * catch it; one that escapes the kernel's code crashes its domain, as Xen crashes a PV guest that faults with no
 * handler.
 */
public final class GuestPageFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Error-code bit: the page was present (a protection violation) rather than not present. */
    public static final int PFEC_PAGE_PRESENT = 1;
    /** Error-code bit: the access was a write. */
    public static final int PFEC_WRITE_ACCESS = 2;

    private final long address;
    private final int errorCode;

    public GuestPageFault(long address, int errorCode) {
        super(String.format(
                "page fault at %#x (%s, %s)",
                address,
                (errorCode & PFEC_WRITE_ACCESS) != 0 ? "write" : "read",
                (errorCode & PFEC_PAGE_PRESENT) != 0 ? "protection" : "not present"));
        this.address = address;
        this.errorCode = errorCode;
    }

    /** The faulting virtual address (CR2). */
    public long address() {
        return address;
    }

    /** The x86 page-fault error code. */
    public int errorCode() {
        return errorCode;
    }
}
