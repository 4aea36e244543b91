package org.pvsim.dom0.boot;

import org.pvsim.dom0.toolstack.Toolstack;
import org.pvsim.dom0.toolstack.ToolstackWorkload;
import org.pvsim.guest.PvKernel;
import org.pvsim.guest.WorkloadCatalog;
import org.pvsim.hypervisor.exec.KernelLoader;

/**
 * The kernel images a host can boot, by the name in their image header: pvsim's PV kernel, {@code pvsim-pv}, with the
 * standard workloads, plus dom0's toolstack.
 */
final class GuestKernels {
    /** The name of pvsim's PV kernel image ({@code kernel = "pvsim-pv"} in xl.cfg, the default). */
    static final String PVSIM_PV = "pvsim-pv";

    private GuestKernels() {}

    /** The workloads guests may run (dom0's toolstack aside). */
    static WorkloadCatalog guestWorkloads() {
        return WorkloadCatalog.standard();
    }

    /** A loader giving each domain a fresh {@code pvsim-pv} kernel; dom0's can run {@code toolstack}'s commands. */
    static KernelLoader loader(Toolstack toolstack) {
        WorkloadCatalog withToolstack = guestWorkloads().with(ToolstackWorkload.spec(toolstack));
        return (domid, imageName) -> PVSIM_PV.equals(imageName) ? new PvKernel(withToolstack) : null;
    }
}
