package org.pvsim.dom0.hw;

import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.evtchn.EventHandler;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * What a dom0 driver needs to reach a device of the machine: the virtual I/O privilege level on every vCPU that
 * touches its ports ({@code PHYSDEVOP_set_iopl}, set the first time each vCPU does), and its interrupt line as a PIRQ
 * bound to an event channel ({@code PHYSDEVOP_map_pirq} with the GSI as the PIRQ, as Linux does for legacy lines,
 * then {@code EVTCHNOP_bind_pirq}), acknowledged with {@code PHYSDEVOP_eoi}.
 */
final class DeviceAccess {
    private final Kernel kernel;
    private boolean[] ioplSet = new boolean[8];
    private int pirq = -1;

    DeviceAccess(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Makes sure {@code cpu} may execute port I/O. */
    void ioPrivilege(GuestCpu cpu) {
        int v = cpu.vcpuId();
        if (v >= ioplSet.length) {
            ioplSet = java.util.Arrays.copyOf(ioplSet, Math.max(v + 1, ioplSet.length * 2));
        }
        if (!ioplSet[v]) {
            long rc = kernel.hypercalls(cpu).setIopl(1);
            if (rc < 0) {
                throw kernel.panic(cpu, "PHYSDEVOP_set_iopl failed: " + rc);
            }
            ioplSet[v] = true;
        }
    }

    /** {@code in} of 4 bytes. */
    int in(GuestCpu cpu, int port) {
        ioPrivilege(cpu);
        return cpu.in(port, 4);
    }

    /** {@code out} of 4 bytes. */
    void out(GuestCpu cpu, int port, int value) {
        ioPrivilege(cpu);
        cpu.out(port, 4, value);
    }

    /**
     * Maps interrupt line {@code gsi} and binds it to a port with {@code handler}.
     *
     * @return the event-channel port, or a negative errno
     */
    int bindInterrupt(GuestCpu cpu, int gsi, EventHandler handler) {
        long p = kernel.hypercalls(cpu).mapPirqGsi(DomId.DOMID_SELF, gsi, gsi);
        if (p < 0) {
            return (int) p;
        }
        pirq = (int) p;
        return kernel.events(cpu).bindPirq(pirq, handler);
    }

    /** {@code PHYSDEVOP_eoi} of the bound PIRQ: the line may interrupt again. */
    void eoi(GuestCpu cpu) {
        kernel.hypercalls(cpu).eoi(pirq);
    }

    /** The PIRQ the interrupt is bound to, or -1. */
    int pirq() {
        return pirq;
    }
}
