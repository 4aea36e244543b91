package org.pvsim.hypervisor.testing;

import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlCreateDomainDescriptor;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MulticallEntryDescriptor;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;
import org.pvsim.hypervisor.abi.VgcfFlags;
import org.pvsim.hypervisor.abi.XenMemoryReservationDescriptor;

/**
 * Images of the Xen structures tests pass to hypercalls, laid out with the {@code abi} descriptors' offsets: a test
 * builds one here, adjusts fields with {@link LittleEndian}, and stores it in guest memory with {@link
 * TestGuest#put(byte[])}.
 */
public final class Structs {
    private Structs() {}

    /**
     * A {@code xen_domctl} with {@code cmd}, the current {@code interface_version} and {@code domain}. A {@code
     * createdomain} also gets what libxl always passes: {@code grant_opts} of the host's highest grant version (2),
     * since the grant tables refuse version 0 as {@code grant_table_init} does, and Xen's default grant limits (-1).
     */
    public static byte[] domctl(DomctlCmd cmd, int domid) {
        byte[] op = new byte[DomctlDescriptor.SIZE];
        LittleEndian.putI32(op, DomctlDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI32(
                op, DomctlDescriptor.INTERFACE_VERSION_OFFSET, DomctlDescriptor.XEN_DOMCTL_INTERFACE_VERSION);
        LittleEndian.putU16(op, DomctlDescriptor.DOMAIN_OFFSET, domid);
        if (cmd == DomctlCmd.XEN_DOMCTL_createdomain) {
            int cd = DomctlDescriptor.U_CREATEDOMAIN_OFFSET;
            LittleEndian.putI32(op, cd + DomctlCreateDomainDescriptor.GRANT_OPTS_OFFSET, 2);
            LittleEndian.putI32(op, cd + DomctlCreateDomainDescriptor.MAX_GRANT_FRAMES_OFFSET, -1);
            LittleEndian.putI32(op, cd + DomctlCreateDomainDescriptor.MAX_MAPTRACK_FRAMES_OFFSET, -1);
        }
        return op;
    }

    /** A {@code xen_sysctl} with {@code cmd} and the current {@code interface_version}. */
    public static byte[] sysctl(SysctlCmd cmd) {
        byte[] op = new byte[SysctlDescriptor.SIZE];
        LittleEndian.putI32(op, SysctlDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI32(
                op, SysctlDescriptor.INTERFACE_VERSION_OFFSET, SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION);
        return op;
    }

    /** A {@code xen_memory_reservation}. */
    public static byte[] reservation(long extentStart, long nrExtents, int extentOrder, int domid) {
        byte[] r = new byte[XenMemoryReservationDescriptor.SIZE];
        LittleEndian.putI64(r, XenMemoryReservationDescriptor.EXTENT_START_OFFSET, extentStart);
        LittleEndian.putI64(r, XenMemoryReservationDescriptor.NR_EXTENTS_OFFSET, nrExtents);
        LittleEndian.putI32(r, XenMemoryReservationDescriptor.EXTENT_ORDER_OFFSET, extentOrder);
        LittleEndian.putU16(r, XenMemoryReservationDescriptor.DOMID_OFFSET, domid);
        return r;
    }

    /** A {@code multicall_entry} for hypercall {@code op} with up to six arguments; {@code result} 0. */
    public static byte[] multicallEntry(long op, long... args) {
        byte[] e = new byte[MulticallEntryDescriptor.SIZE];
        LittleEndian.putI64(e, MulticallEntryDescriptor.OP_OFFSET, op);
        for (int i = 0; i < args.length; i++) {
            LittleEndian.putI64(e, MulticallEntryDescriptor.argOffset(i), args[i]);
        }
        return e;
    }

    /** Several {@code multicall_entry}s back to back. */
    public static byte[] multicallList(byte[]... entries) {
        byte[] list = new byte[entries.length * MulticallEntryDescriptor.SIZE];
        for (int i = 0; i < entries.length; i++) {
            System.arraycopy(entries[i], 0, list, i * MulticallEntryDescriptor.SIZE, MulticallEntryDescriptor.SIZE);
        }
        return list;
    }

    /**
     * A 64-bit PV {@code vcpu_guest_context}: kernel mode, the given entry point, stack and kernel L4, online if
     * asked.
     */
    public static byte[] vcpuContext(long rip, long rsp, long l4Mfn, boolean online) {
        byte[] c = new byte[VcpuGuestContextDescriptor.SIZE];
        LittleEndian.putI64(
                c,
                VcpuGuestContextDescriptor.FLAGS_OFFSET,
                VgcfFlags.VGCF_in_kernel | (online ? VgcfFlags.VGCF_online : 0));
        LittleEndian.putI64(c, VcpuGuestContextDescriptor.USER_REGS_RIP_OFFSET, rip);
        LittleEndian.putI64(c, VcpuGuestContextDescriptor.USER_REGS_RSP_OFFSET, rsp);
        LittleEndian.putI64(c, VcpuGuestContextDescriptor.KERNEL_SP_OFFSET, rsp);
        LittleEndian.putI64(
                c, VcpuGuestContextDescriptor.ctrlregOffset(3), VcpuGuestContextDescriptor.xenPfnToCr3(l4Mfn));
        return c;
    }
}
