package org.pvsim.hypervisor.mm;

import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;

/**
 * {@code get_pg_owner} ({@code xen/common/page_alloc.c}): resolves the "foreign domain" a PV MMU hypercall names.
 * {@code DOMID_SELF} is the caller; the caller's own id is refused ({@code -ESRCH}: "cannot specify itself as foreign
 * domain"); {@code DOMID_IO} and {@code DOMID_XEN} name the pseudo-domains that own I/O and Xen frames.
 */
final class PgOwner {
    private PgOwner() {}

    /**
     * @return the owner's domid (a real domain, {@code DOMID_IO} or {@code DOMID_XEN}), or {@code -ESRCH}
     */
    static int resolve(Domain caller, DomainTable domains, long domid) {
        int id = (int) (domid & 0xFFFF);
        if (id == caller.domid()) {
            return Errno.ESRCH.neg();
        }
        if (id == DomId.DOMID_SELF) {
            return caller.domid();
        }
        if (id == DomId.DOMID_IO || id == DomId.DOMID_XEN) {
            return id;
        }
        return domains.get(id) != null ? id : Errno.ESRCH.neg();
    }
}
