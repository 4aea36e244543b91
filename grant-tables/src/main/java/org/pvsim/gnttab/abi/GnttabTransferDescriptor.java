package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_transfer} ({@code xen/include/public/grant_table.h}): the element of {@code GNTTABOP_transfer}: gives page {@code mfn} to {@code domid} through its {@code GTF_accept_transfer} entry {@code ref}.
 */
public final class GnttabTransferDescriptor {
    /** {@code xen_pfn_t mfn} (IN): the caller's page. */
    public static final int MFN_OFFSET = 0;
    /** {@code domid_t domid} (IN): the receiver. */
    public static final int DOMID_OFFSET = 8;
    /** {@code grant_ref_t ref} (IN): the receiver's entry. */
    public static final int REF_OFFSET = 12;
    /** {@code int16_t status} (OUT). */
    public static final int STATUS_OFFSET = 16;
    /** {@code sizeof(struct gnttab_transfer)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_transfer")
            .field("mfn", MFN_OFFSET, CType.XEN_PFN)
            .field("domid", DOMID_OFFSET, CType.DOMID)
            .field("ref", REF_OFFSET, CType.UINT32)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private GnttabTransferDescriptor() {}
}
