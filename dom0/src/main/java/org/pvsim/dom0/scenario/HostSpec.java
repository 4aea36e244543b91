package org.pvsim.dom0.scenario;

import java.util.Objects;
import org.pvsim.hypervisor.abi.device.MachineDevicesSpec;

/**
 * The simulated host of a resolved scenario.
 *
 * @param pcpus physical CPUs, 1..256
 * @param memoryKib RAM in KiB; holds dom0, every domU and 1 MiB for Xen
 * @param scheduler the scheduler the run uses (always a {@link HostScheduler#simulated() simulated} one)
 * @param dom0MemKib dom0's memory in KiB
 * @param dom0MaxVcpus dom0's vCPUs, 1..pcpus
 * @param sockets CPU sockets; divides {@code pcpus} (with {@code threadsPerCore})
 * @param threadsPerCore hyperthreads per core
 * @param xenCmdline the hypervisor's boot options, Xen's {@code name=value} words ({@code sched_ratelimit_us=500})
 * @param devices the machine's disk and network card ({@code host.disk}, {@code host.nic})
 */
public record HostSpec(
        int pcpus,
        long memoryKib,
        HostScheduler scheduler,
        long dom0MemKib,
        int dom0MaxVcpus,
        int sockets,
        int threadsPerCore,
        String xenCmdline,
        MachineDevicesSpec devices) {

    /** Default {@code host.pcpus}. */
    public static final int DEFAULT_PCPUS = 4;

    /** The most pCPUs a host may have. */
    public static final int MAX_PCPUS = 256;

    /** Default {@code host.memory} in KiB (4 GiB). */
    public static final long DEFAULT_MEMORY_KIB = 4L << 20;

    /** Default {@code host.dom0_mem} in KiB (512 MiB). */
    public static final long DEFAULT_DOM0_MEM_KIB = 512L << 10;

    /** Default {@code host.dom0_max_vcpus}. */
    public static final int DEFAULT_DOM0_MAX_VCPUS = 1;

    /** Memory kept back for Xen itself, in KiB (1 MiB). */
    public static final long XEN_RESERVED_KIB = 1L << 10;

    /** Checks that the scheduler and the command line are set. */
    public HostSpec {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(xenCmdline, "xenCmdline");
        Objects.requireNonNull(devices, "devices");
    }

    /** A host with the default machine devices. */
    public HostSpec(
            int pcpus,
            long memoryKib,
            HostScheduler scheduler,
            long dom0MemKib,
            int dom0MaxVcpus,
            int sockets,
            int threadsPerCore,
            String xenCmdline) {
        this(
                pcpus,
                memoryKib,
                scheduler,
                dom0MemKib,
                dom0MaxVcpus,
                sockets,
                threadsPerCore,
                xenCmdline,
                MachineDevicesSpec.DEFAULT);
    }

    /** A host with one socket, one thread per core and no Xen boot options. */
    public HostSpec(int pcpus, long memoryKib, HostScheduler scheduler, long dom0MemKib, int dom0MaxVcpus) {
        this(pcpus, memoryKib, scheduler, dom0MemKib, dom0MaxVcpus, 1, 1, "");
    }
}
