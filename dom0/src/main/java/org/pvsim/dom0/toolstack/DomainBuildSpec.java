package org.pvsim.dom0.toolstack;

import java.util.Objects;
import org.pvsim.dom0.xlcfg.CpuAffinity;
import org.pvsim.dom0.xlcfg.DomainConfigReader;

/**
 * What the toolstack needs to create one PV domain: its xl.cfg settings turned into the values libxl passes to Xen.
 *
 * @param name the domain's name (kept by the toolstack, as libxl keeps it in xenstore)
 * @param handle the 16-byte domain handle (UUID)
 * @param memoryKib initial memory ({@code memory}), which becomes the domain's pages
 * @param maxVcpus vCPUs the domain has ({@code maxvcpus})
 * @param onlineVcpus vCPUs its kernel brings online ({@code vcpus})
 * @param kernel the kernel image's name ({@code kernel})
 * @param cmdline the kernel command line: the workload and its arguments, then {@code cmdline}/{@code extra}
 * @param maxEvtchnPort {@code max_event_channels}
 * @param maxGrantFrames {@code max_grant_frames}
 * @param maxMaptrackFrames {@code max_maptrack_frames}
 * @param maxGrantVersion {@code max_grant_version}
 * @param cpuWeight {@code cpu_weight}, applied under credit and credit2
 * @param cap {@code cap}, applied under credit and credit2
 * @param cpus {@code cpus}: each vCPU's hard affinity, set before the image is built
 * @param cpusSoft {@code cpus_soft}: each vCPU's soft affinity
 * @param rtdsPeriodUs {@code period}, applied to every vCPU under RTDS
 * @param rtdsExtratime {@code extratime}, passed to RTDS with the period (as libxl does; Xen's domain-wide put ignores
 *     it)
 * @param onShutdown what the toolstack does when the domain shuts down ({@code on_poweroff} and the others)
 * @param devices the split-driver devices ({@code vif} and {@code disk}) libxl adds once the domain is built
 */
public record DomainBuildSpec(
        String name,
        byte[] handle,
        long memoryKib,
        int maxVcpus,
        int onlineVcpus,
        String kernel,
        String cmdline,
        int maxEvtchnPort,
        int maxGrantFrames,
        int maxMaptrackFrames,
        int maxGrantVersion,
        int cpuWeight,
        int cap,
        CpuAffinity cpus,
        CpuAffinity cpusSoft,
        int rtdsPeriodUs,
        boolean rtdsExtratime,
        DomainShutdownActions onShutdown,
        DomainDevices devices) {
    public DomainBuildSpec {
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(onShutdown, "onShutdown");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cpus, "cpus");
        Objects.requireNonNull(cpusSoft, "cpusSoft");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(cmdline, "cmdline");
        if (handle.length != 16) {
            throw new IllegalArgumentException("a domain handle is 16 bytes, not " + handle.length);
        }
        handle = handle.clone();
    }

    /** A spec without split-driver devices. */
    public DomainBuildSpec(
            String name,
            byte[] handle,
            long memoryKib,
            int maxVcpus,
            int onlineVcpus,
            String kernel,
            String cmdline,
            int maxEvtchnPort,
            int maxGrantFrames,
            int maxMaptrackFrames,
            int maxGrantVersion,
            int cpuWeight,
            int cap,
            CpuAffinity cpus,
            CpuAffinity cpusSoft,
            int rtdsPeriodUs,
            boolean rtdsExtratime,
            DomainShutdownActions onShutdown) {
        this(
                name,
                handle,
                memoryKib,
                maxVcpus,
                onlineVcpus,
                kernel,
                cmdline,
                maxEvtchnPort,
                maxGrantFrames,
                maxMaptrackFrames,
                maxGrantVersion,
                cpuWeight,
                cap,
                cpus,
                cpusSoft,
                rtdsPeriodUs,
                rtdsExtratime,
                onShutdown,
                DomainDevices.NONE);
    }

    /** A spec with xl.cfg's default shutdown actions. */
    public DomainBuildSpec(
            String name,
            byte[] handle,
            long memoryKib,
            int maxVcpus,
            int onlineVcpus,
            String kernel,
            String cmdline,
            int maxEvtchnPort,
            int maxGrantFrames,
            int maxMaptrackFrames,
            int maxGrantVersion,
            int cpuWeight,
            int cap,
            CpuAffinity cpus,
            CpuAffinity cpusSoft,
            int rtdsPeriodUs,
            boolean rtdsExtratime) {
        this(
                name,
                handle,
                memoryKib,
                maxVcpus,
                onlineVcpus,
                kernel,
                cmdline,
                maxEvtchnPort,
                maxGrantFrames,
                maxMaptrackFrames,
                maxGrantVersion,
                cpuWeight,
                cap,
                cpus,
                cpusSoft,
                rtdsPeriodUs,
                rtdsExtratime,
                DomainShutdownActions.DEFAULT);
    }

    /** A spec with xl.cfg's scheduling defaults: weight 256, no cap, no pinning, RTDS's period, extratime on. */
    public DomainBuildSpec(
            String name,
            byte[] handle,
            long memoryKib,
            int maxVcpus,
            int onlineVcpus,
            String kernel,
            String cmdline,
            int maxEvtchnPort,
            int maxGrantFrames,
            int maxMaptrackFrames,
            int maxGrantVersion) {
        this(
                name,
                handle,
                memoryKib,
                maxVcpus,
                onlineVcpus,
                kernel,
                cmdline,
                maxEvtchnPort,
                maxGrantFrames,
                maxMaptrackFrames,
                maxGrantVersion,
                DomainConfigReader.DEFAULT_CPU_WEIGHT,
                0,
                CpuAffinity.NONE,
                CpuAffinity.NONE,
                DomainConfigReader.DEFAULT_RTDS_PERIOD_US,
                true);
    }

    @Override
    public byte[] handle() {
        return handle.clone();
    }

    /** This spec with the split-driver devices {@code d} instead of its own. */
    public DomainBuildSpec withDevices(DomainDevices d) {
        return new DomainBuildSpec(
                name,
                handle,
                memoryKib,
                maxVcpus,
                onlineVcpus,
                kernel,
                cmdline,
                maxEvtchnPort,
                maxGrantFrames,
                maxMaptrackFrames,
                maxGrantVersion,
                cpuWeight,
                cap,
                cpus,
                cpusSoft,
                rtdsPeriodUs,
                rtdsExtratime,
                onShutdown,
                d);
    }

    /** The domain's pages: {@code memoryKib / 4}. */
    public int pages() {
        return (int) (memoryKib / 4);
    }

    /**
     * The spec libxl builds from a domain's configuration ({@code libxl_domain_config}): every setting from {@code c},
     * with the given handle and the full kernel command line the guest boots with.
     */
    public static DomainBuildSpec of(org.pvsim.dom0.xlcfg.DomainConfig c, byte[] handle, String cmdline) {
        return new DomainBuildSpec(
                c.name(),
                handle,
                c.memoryKib(),
                c.maxvcpus(),
                c.vcpus(),
                c.kernel(),
                cmdline,
                c.maxEventChannels(),
                c.maxGrantFrames(),
                c.maxMaptrackFrames(),
                c.maxGrantVersion(),
                c.cpuWeight(),
                c.cap(),
                c.cpus(),
                c.cpusSoft(),
                c.periodUs(),
                c.extratime(),
                new DomainShutdownActions(c.onPoweroff(), c.onReboot(), c.onWatchdog(), c.onCrash(), c.onSoftReset()),
                new DomainDevices(c.vifs(), c.disks()));
    }
}
