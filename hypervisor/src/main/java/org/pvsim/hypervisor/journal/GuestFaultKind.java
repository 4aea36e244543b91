package org.pvsim.hypervisor.journal;

/** Why a guest's code stopped: the {@code kind} of a guest-fault record. Codes are part of the journal format. */
public enum GuestFaultKind {
    /** A load or store its page tables did not allow, with no handler to take it. */
    PAGE_FAULT(1),
    /** The kernel's code failed (a Java exception escaped it): a kernel panic. */
    KERNEL_PANIC(2),
    /** No kernel image could be found for the domain. */
    NO_KERNEL(3),
    /** A {@code #GP} with no handler: a port I/O instruction its virtual IOPL did not allow; va is the port. */
    GENERAL_PROTECTION(4);

    /** The code stored in the journal. */
    public final int code;

    GuestFaultKind(int code) {
        this.code = code;
    }

    /** The kind with this code, or {@code null}. */
    public static GuestFaultKind ofCode(int code) {
        for (GuestFaultKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
