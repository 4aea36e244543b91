package org.pvsim.hypervisor.journal;

import java.util.Objects;

/**
 * Everything needed to boot an identical host: the first record of a journal, and what replay boots a fresh
 * hypervisor from.
 *
 * @param pvsimVersion the version of pvsim that wrote the journal
 * @param scenario the scenario's name
 * @param seed the run's seed
 * @param nrPcpus physical CPUs
 * @param ramFrames machine RAM in 4 KiB frames
 * @param scheduler the scheduler's name (Xen's {@code sched=} value)
 * @param dom0Pages dom0's memory in 4 KiB pages
 * @param dom0Vcpus dom0's vCPUs
 * @param dom0Kernel the name of dom0's kernel image
 * @param dom0Cmdline dom0's kernel command line
 * @param sockets CPU sockets the pCPUs are split into ({@code machine.CpuTopology})
 * @param threadsPerCore hyperthreads per core
 * @param xenCmdline the hypervisor's boot options ({@code machine.XenCommandLine}), e.g. {@code
 *     sched_ratelimit_us=500}
 * @param devices the machine's devices in {@code abi.device.MachineDevicesSpec}'s canonical form; empty for the default
 *     machine (a 1 GiB NVMe disk and a 10 Gb/s NIC)
 */
public record BootParameters(
        String pvsimVersion,
        String scenario,
        long seed,
        int nrPcpus,
        int ramFrames,
        String scheduler,
        int dom0Pages,
        int dom0Vcpus,
        String dom0Kernel,
        String dom0Cmdline,
        int sockets,
        int threadsPerCore,
        String xenCmdline,
        String devices) {
    public BootParameters {
        Objects.requireNonNull(xenCmdline, "xenCmdline");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(pvsimVersion, "pvsimVersion");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(dom0Kernel, "dom0Kernel");
        Objects.requireNonNull(dom0Cmdline, "dom0Cmdline");
    }

    /** Parameters of a host with the default machine devices. */
    public BootParameters(
            String pvsimVersion,
            String scenario,
            long seed,
            int nrPcpus,
            int ramFrames,
            String scheduler,
            int dom0Pages,
            int dom0Vcpus,
            String dom0Kernel,
            String dom0Cmdline,
            int sockets,
            int threadsPerCore,
            String xenCmdline) {
        this(
                pvsimVersion,
                scenario,
                seed,
                nrPcpus,
                ramFrames,
                scheduler,
                dom0Pages,
                dom0Vcpus,
                dom0Kernel,
                dom0Cmdline,
                sockets,
                threadsPerCore,
                xenCmdline,
                "");
    }

    /** Parameters of a host with one socket, one thread per core and no Xen boot options. */
    public BootParameters(
            String pvsimVersion,
            String scenario,
            long seed,
            int nrPcpus,
            int ramFrames,
            String scheduler,
            int dom0Pages,
            int dom0Vcpus,
            String dom0Kernel,
            String dom0Cmdline) {
        this(
                pvsimVersion,
                scenario,
                seed,
                nrPcpus,
                ramFrames,
                scheduler,
                dom0Pages,
                dom0Vcpus,
                dom0Kernel,
                dom0Cmdline,
                1,
                1,
                "");
    }
}
