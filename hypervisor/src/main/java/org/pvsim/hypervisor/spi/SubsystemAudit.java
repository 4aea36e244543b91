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

    /** Receives one general reference (no type reference) a subsystem holds. */
    @FunctionalInterface
    interface GeneralReferenceSink {
        /** {@code holder} holds a general reference to {@code mfn}. */
        void generalReference(long mfn, String holder);
    }

    /** Receives one Xen-heap frame a subsystem keeps. */
    @FunctionalInterface
    interface SharedFrameSink {
        /**
         * {@code mfn} is a Xen-heap frame the subsystem keeps (a grant or status frame): shared with its domain while
         * that domain holds it, and Xen's alone after.
         */
        void sharedFrame(long mfn, String holder);
    }

    /** Receives one broken invariant. */
    @FunctionalInterface
    interface ViolationSink {
        /** Invariant {@code invariant} ("I11") does not hold: {@code message} says where and how. */
        void violation(String invariant, String message);
    }

    /**
     * Whether domain {@code mapperDomid} holds a grant host mapping of frame {@code mfn} (an active maptrack entry with
     * {@code GNTMAP_host_map}): the auditor allows a {@code _PAGE_GNTTAB} PTE to a foreign frame only then (I1, I8).
     */
    default boolean hasGrantHostMapping(int mapperDomid, long mfn) {
        return false;
    }

    /** Reports every frame reference the subsystem holds now. */
    void frameReferences(FrameReferenceSink sink);

    /** Reports every general-only reference the subsystem holds now (read-only device mappings of grants). */
    default void generalReferences(GeneralReferenceSink sink) {}

    /** Reports every Xen-heap frame the subsystem keeps now (grant and status frames). */
    default void sharedFrames(SharedFrameSink sink) {}

    /** Checks the subsystem's invariants and reports each violation. */
    void audit(ViolationSink sink);
}
