package org.pvsim.dom0.toolstack;

import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.LittleEndian;

/** Builds {@code xen_domctl} structures, as libxc's {@code DECLARE_DOMCTL} does. */
final class Domctl {
    /** Offset of the command's union. */
    static final int U = DomctlDescriptor.U_OFFSET;

    private Domctl() {}

    /** A zeroed {@code xen_domctl} for {@code cmd} on {@code domid}, with the interface version set. */
    static byte[] op(DomctlCmd cmd, int domid) {
        byte[] op = new byte[DomctlDescriptor.SIZE];
        LittleEndian.putI32(op, DomctlDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI32(
                op, DomctlDescriptor.INTERFACE_VERSION_OFFSET, DomctlDescriptor.XEN_DOMCTL_INTERFACE_VERSION);
        LittleEndian.putU16(op, DomctlDescriptor.DOMAIN_OFFSET, domid);
        return op;
    }
}
