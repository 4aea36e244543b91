package org.pvsim.hypervisor.device;

import org.pvsim.hypervisor.abi.device.MachineDevicesSpec;
import org.pvsim.hypervisor.abi.device.PvsimDiskDescriptor;
import org.pvsim.hypervisor.abi.device.PvsimNicDescriptor;
import org.pvsim.hypervisor.irq.IrqLines;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.time.HypervisorTimers;

/**
 * The machine's I/O devices and its port space: the disk controller at {@link PvsimDiskDescriptor#PORT_BASE} and the
 * network card at {@link PvsimNicDescriptor#PORT_BASE}. A port no device decodes reads as all ones and ignores writes,
 * as an empty ISA bus does.
 */
public final class MachineDevices {
    private final MachineDevicesSpec spec;
    private final MachineDisk disk;
    private final MachineNic nic;

    public MachineDevices(MachineDevicesSpec spec, MachineMemory memory, IrqLines lines, HypervisorTimers timers) {
        this.spec = spec;
        Dma dma = new Dma(memory);
        this.disk = new MachineDisk(spec.disk(), dma, lines, timers);
        this.nic = new MachineNic(spec.nic(), dma, lines, timers);
    }

    /** What the devices are. */
    public MachineDevicesSpec spec() {
        return spec;
    }

    /** The disk controller. */
    public MachineDisk disk() {
        return disk;
    }

    /** The network card. */
    public MachineNic nic() {
        return nic;
    }

    /** An {@code in} of {@code size} bytes (1, 2 or 4) at {@code port}. */
    public int in(int port, int size, long now) {
        int mask = size == 4 ? -1 : (1 << (8 * size)) - 1;
        PortDevice d = decode(port);
        if (d == null) {
            return mask;
        }
        return d.in(port - base(port), size, now) & mask;
    }

    /** An {@code out} of the low {@code size} bytes of {@code value} at {@code port}. */
    public void out(int port, int size, int value, long now) {
        PortDevice d = decode(port);
        if (d != null) {
            int mask = size == 4 ? -1 : (1 << (8 * size)) - 1;
            d.out(port - base(port), size, value & mask, now);
        }
    }

    private PortDevice decode(int port) {
        if (port >= PvsimDiskDescriptor.PORT_BASE
                && port < PvsimDiskDescriptor.PORT_BASE + PvsimDiskDescriptor.PORT_COUNT) {
            return disk;
        }
        if (port >= PvsimNicDescriptor.PORT_BASE
                && port < PvsimNicDescriptor.PORT_BASE + PvsimNicDescriptor.PORT_COUNT) {
            return nic;
        }
        return null;
    }

    private static int base(int port) {
        return port >= PvsimNicDescriptor.PORT_BASE ? PvsimNicDescriptor.PORT_BASE : PvsimDiskDescriptor.PORT_BASE;
    }
}
