package org.pvsim.dom0.daemon;

import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.DomInfoFlags;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * What dom0's daemons ask Xen about one domain when {@code VIRQ_DOM_EXC} or {@code @releaseDomain} says something
 * changed: {@code XEN_DOMCTL_getdomaininfo} for that domain, as xenstored's {@code domain_cleanup} and xenconsoled's
 * {@code enum_domains} do. Xen answers the next domain at or after the id asked for, so an answer for another id
 * means the domain is gone.
 */
final class DomainProbe {
    /** The domain no longer exists, or is dying (its resources are being released). */
    static final int GONE = -1;

    private DomainProbe() {}

    /** The domain's {@code XEN_DOMINF_*} flags, or {@link #GONE} if it is dying or gone. */
    static int flags(Hypercalls hc, int domid) {
        byte[] op = new byte[DomctlDescriptor.SIZE];
        LittleEndian.putI32(op, DomctlDescriptor.CMD_OFFSET, DomctlCmd.XEN_DOMCTL_getdomaininfo.code);
        LittleEndian.putI32(
                op, DomctlDescriptor.INTERFACE_VERSION_OFFSET, DomctlDescriptor.XEN_DOMCTL_INTERFACE_VERSION);
        LittleEndian.putU16(op, DomctlDescriptor.DOMAIN_OFFSET, domid);
        long rc = hc.domctl(op);
        int u = DomctlDescriptor.U_OFFSET;
        int flags = LittleEndian.getI32(op, u + DomctlGetDomainInfoDescriptor.FLAGS_OFFSET);
        if (rc != 0
                || LittleEndian.getU16(op, u + DomctlGetDomainInfoDescriptor.DOMAIN_OFFSET) != domid
                || (flags & DomInfoFlags.XEN_DOMINF_dying) != 0) {
            return GONE;
        }
        return flags;
    }
}
