package org.pvsim.hypervisor.abi;

/**
 * Domain identifiers ({@code domid_t}, {@code xen/include/public/xen.h}). Ids from 0 to {@link #DOMID_FIRST_RESERVED}
 * - 1 name real domains; the reserved ids above name pseudo-domains or ask for a special meaning.
 */
public final class DomId {
    /** The first boot domain: dom0. */
    public static final int DOM0 = 0;
    /** Ids at or above this are reserved. */
    public static final int DOMID_FIRST_RESERVED = 0x7FF0;
    /** "The caller's own domain" in any hypercall that names a domain. */
    public static final int DOMID_SELF = 0x7FF0;
    /** The owner of I/O (MMIO) frames; also "any foreign domain" for privileged mapping. */
    public static final int DOMID_IO = 0x7FF1;
    /** The owner of Xen's own frames that it shares with guests. */
    public static final int DOMID_XEN = 0x7FF2;
    /** The owner of sharable pages. */
    public static final int DOMID_COW = 0x7FF3;
    /** Pages with unknown owner. */
    public static final int DOMID_INVALID = 0x7FF4;
    /** No specific id requested: the handler picks one. */
    public static final int DOMID_ANY = 0x7FF5;
    /** The idle domain. */
    public static final int DOMID_IDLE = 0x7FFF;
    /** Mask of valid domain id values. */
    public static final int DOMID_MASK = 0x7FFF;
    /** The highest id {@code XEN_DOMCTL_createdomain} allocates for {@link #DOMID_ANY} ({@code common/domid.c}). */
    public static final int DOMID_LAST_ALLOCATABLE = DOMID_FIRST_RESERVED - 1;

    private DomId() {}

    /** Whether {@code domid} names a real (non-reserved) domain. */
    public static boolean isRealDomain(long domid) {
        return domid >= 0 && domid < DOMID_FIRST_RESERVED;
    }

    /** A domid as a person reads it: a number, or the reserved name. */
    public static String describe(int domid) {
        switch (domid) {
            case DOMID_SELF:
                return "DOMID_SELF";
            case DOMID_IO:
                return "DOMID_IO";
            case DOMID_XEN:
                return "DOMID_XEN";
            case DOMID_COW:
                return "DOMID_COW";
            case DOMID_INVALID:
                return "DOMID_INVALID";
            case DOMID_ANY:
                return "DOMID_ANY";
            case DOMID_IDLE:
                return "DOMID_IDLE";
            default:
                return Integer.toString(domid);
        }
    }
}
