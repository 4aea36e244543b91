package org.pvsim.hypervisor.spi;

/**
 * A subsystem's part of the auditor ({@code INVARIANTS.md}): the frame references it holds, which the auditor adds to
 * those it finds in page tables (I5), and the subsystem's own invariants (I11, I12 for event channels).
 */
public interface SubsystemAudit {
    /** Receives one frame reference a subsystem holds. */
    @FunctionalInterface
    interface FrameReferenceSink {
        /** {@code holder} holds a general and a type reference to {@code mfn} as {@code PGT_writable_page}. */
        void writableReference(long mfn, String holder);
    }

    /** Receives one broken invariant. */
    @FunctionalInterface
    interface ViolationSink {
        /** Invariant {@code invariant} ("I11") does not hold: {@code message} says where and how. */
        void violation(String invariant, String message);
    }

    /** Reports every frame reference the subsystem holds now. */
    void frameReferences(FrameReferenceSink sink);

    /** Checks the subsystem's invariants and reports each violation. */
    void audit(ViolationSink sink);
}
