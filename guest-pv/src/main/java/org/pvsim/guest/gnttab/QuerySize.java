package org.pvsim.guest.gnttab;

import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.hypervisor.abi.Errno;

/**
 * What {@code GNTTABOP_query_size} answered: the hypercall's result ({@code rc}, 0 or a negative errno), the element's
 * {@code GNTST_*} status, the grant frames the domain has and the most it may have.
 */
public record QuerySize(long rc, int status, long nrFrames, long maxNrFrames) {
    @Override
    public String toString() {
        return rc != 0
                ? Errno.describe(rc)
                : GnttabStatus.nameOf(status) + ", " + nrFrames + " of at most " + maxNrFrames + " frames";
    }
}
