package org.pvsim.gnttab.copy;

import org.pvsim.gnttab.table.GrantTable;

/**
 * {@code struct gnttab_copy_buf} ({@code xen/common/grant_table.c}): one side (source or destination) of {@code
 * GNTTABOP_copy} as the hypervisor holds it: the domain it names, the grant or frame it resolved, the range it may
 * touch, and which references it holds. Two instances per {@link GnttabCopy}, reused for every element of every call,
 * so a copy allocates nothing.
 *
 * <p>Invariant: {@link #haveGrant} means one copy pin on {@link #ref} of {@link #domain} (read pin if {@link
 * #readOnly}, else write pin); {@link #havePage} one general reference on {@link #mfn}; {@link #haveType} one writable
 * type reference on it. {@link GnttabCopy#releaseBuf} drops exactly these and clears the flags. Between hypercalls
 * every flag is false.
 */
final class GnttabCopyBuf {
    /** {@code ptr.domid}: the domid as the guest wrote it (DOMID_SELF included), valid while {@link #domain} is set. */
    int ptrDomid;

    /** {@code ptr.u}: the grant reference (low 32 bits) or the frame, as Xen's union keeps it. */
    long ptrU;

    /** {@code ptr.offset}: the first byte this side may touch (a sub-page grant's start, else 0). */
    int start;

    /** {@code len}: the bytes this side may touch from {@link #start}. */
    int len;

    /** {@code domain}: the "locked" domain's table, or {@code null}. */
    GrantTable domain;

    /** {@code mfn}. */
    long mfn;

    /** {@code page != NULL}: a general reference on {@link #mfn} is held. */
    boolean havePage;

    /** {@code virt != NULL}: the buffer is claimed and usable. */
    boolean mapped;

    /** {@code read_only}: the source side. */
    boolean readOnly;

    /** {@code have_grant}: a copy pin on {@code ptr.u.ref} is held. */
    boolean haveGrant;

    /** {@code have_type}: a writable type reference on {@link #mfn} is held. */
    boolean haveType;

    /** The grant reference the pin is on ({@code ptr.u.ref}). */
    int ref() {
        return (int) ptrU;
    }

    /** Whether the buffer holds anything at all (audit of the between-calls state). */
    boolean holdsAnything() {
        return domain != null || havePage || mapped || haveGrant || haveType;
    }
}
