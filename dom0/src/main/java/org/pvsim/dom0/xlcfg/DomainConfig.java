package org.pvsim.dom0.xlcfg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A PV domain's configuration as pvsim understands it: the keys of an xl.cfg file that pvsim reads, validated, with
 * xl's defaults filled in. Built by {@link DomainConfigReader}; {@code docs/xl-cfg.md} documents every key.
 *
 * <p>The domain type is always PV ({@code type = "pv"}); pvsim refuses PVH and HVM.
 *
 * @param name the domain's name ({@code name}, mandatory)
 * @param memoryMib initial memory in MiB ({@code memory}, default {@value DomainConfigReader#DEFAULT_MEMORY_MIB})
 * @param maxmemMib maximum memory in MiB ({@code maxmem}, at least memory; default memory)
 * @param vcpus vCPUs online at boot ({@code vcpus}, default 1)
 * @param maxvcpus vCPUs the domain may bring up ({@code maxvcpus}, at least vcpus; default vcpus)
 * @param kernel the kernel image ({@code kernel}, default {@value DomainConfigReader#PVSIM_KERNEL})
 * @param cmdline {@code cmdline}, or null when not set
 * @param root {@code root}, or null when not set
 * @param extra {@code extra}, or null when not set
 * @param onPoweroff {@code on_poweroff} (default destroy)
 * @param onReboot {@code on_reboot} (default restart)
 * @param onWatchdog {@code on_watchdog} (default destroy)
 * @param onCrash {@code on_crash} (default destroy)
 * @param onSoftReset {@code on_soft_reset} (default soft-reset)
 * @param maxEventChannels {@code max_event_channels} (default 1023)
 * @param maxGrantFrames {@code max_grant_frames} (default 64)
 * @param maxMaptrackFrames {@code max_maptrack_frames} (default 1024)
 * @param maxGrantVersion {@code max_grant_version} (default 2)
 * @param cpuWeight {@code cpu_weight}: the credit and credit2 weight, 1..65535 (default {@value
 *     DomainConfigReader#DEFAULT_CPU_WEIGHT})
 * @param cap {@code cap}: the credit and credit2 cap in % of one pCPU, 0 = no cap (default 0), at most 100 per vCPU
 * @param cpus {@code cpus}: the hard affinity (pinning) of each vCPU ({@link CpuAffinity#NONE} when not set: every
 *     CPU)
 * @param cpusSoft {@code cpus_soft}: the soft affinity of each vCPU ({@link CpuAffinity#NONE} when not set)
 * @param periodUs {@code period}: the RTDS period in µs (default {@value DomainConfigReader#DEFAULT_RTDS_PERIOD_US},
 *     RTDS's own); xl.cfg has no budget key, so the budget stays RTDS's default ({@value
 *     DomainConfigReader#RTDS_DEFAULT_BUDGET_US} µs) until {@code xl sched-rtds -b}
 * @param extratime {@code extratime}: whether RTDS lets the vCPUs run beyond their budget (default true, as libxl)
 * @param pending the {@link PendingKey pending} keys that were set, by key, as written (checked, not yet simulated)
 * @param unknown the keys pvsim ignores, by key, as written: keys it does not know, and the deprecated {@code slice}
 *     and {@code latency}
 */
public record DomainConfig(
        String name,
        long memoryMib,
        long maxmemMib,
        int vcpus,
        int maxvcpus,
        String kernel,
        String cmdline,
        String root,
        String extra,
        ShutdownAction onPoweroff,
        ShutdownAction onReboot,
        ShutdownAction onWatchdog,
        ShutdownAction onCrash,
        ShutdownAction onSoftReset,
        int maxEventChannels,
        int maxGrantFrames,
        int maxMaptrackFrames,
        int maxGrantVersion,
        int cpuWeight,
        int cap,
        CpuAffinity cpus,
        CpuAffinity cpusSoft,
        int periodUs,
        boolean extratime,
        SortedMap<String, XlValue> pending,
        SortedMap<String, XlValue> unknown) {

    /** The domain type: pvsim simulates PV guests only. */
    public static final String TYPE = "pv";

    /** Checks mandatory components and copies the maps (sorted by key, unmodifiable). */
    public DomainConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(onPoweroff, "onPoweroff");
        Objects.requireNonNull(onReboot, "onReboot");
        Objects.requireNonNull(onWatchdog, "onWatchdog");
        Objects.requireNonNull(onCrash, "onCrash");
        Objects.requireNonNull(onSoftReset, "onSoftReset");
        Objects.requireNonNull(cpus, "cpus");
        Objects.requireNonNull(cpusSoft, "cpusSoft");
        pending = Collections.unmodifiableSortedMap(new TreeMap<>(pending));
        unknown = Collections.unmodifiableSortedMap(new TreeMap<>(unknown));
    }

    /** The {@code vif} list, parsed ({@link VifSpec}); empty if not set. The reader checked every element. */
    public List<VifSpec> vifs() {
        return atoms(PendingKey.VIF.key()).stream().map(VifSpec::parse).toList();
    }

    /** The {@code disk} list, parsed ({@link DiskSpec}); empty if not set. The reader checked every element. */
    public List<DiskSpec> disks() {
        return atoms(PendingKey.DISK.key()).stream().map(DiskSpec::parse).toList();
    }

    private List<String> atoms(String key) {
        if (!(pending.get(key) instanceof XlList list)) {
            return List.of();
        }
        return list.elements().stream()
                .filter(XlAtom.class::isInstance)
                .map(e -> ((XlAtom) e).text())
                .toList();
    }

    /**
     * The kernel command line the guest is given, as xl builds it ({@code parse_cmdline} in {@code xl_parse.c}):
     * {@code cmdline} if set; otherwise {@code root=ROOT EXTRA} from whichever of {@code root} and {@code extra} are
     * set; otherwise the empty string.
     */
    public String kernelCommandLine() {
        if (cmdline != null) {
            return cmdline;
        }
        if (root != null && extra != null) {
            return "root=" + root + " " + extra;
        }
        if (root != null) {
            return "root=" + root;
        }
        return extra != null ? extra : "";
    }

    /** Memory in KiB, as the toolstack passes it to Xen. */
    public long memoryKib() {
        return memoryMib * 1024;
    }

    /** Maximum memory in KiB. */
    public long maxmemKib() {
        return maxmemMib * 1024;
    }

    /**
     * This configuration as xl.cfg text with every default written out: the keys pvsim reads in a fixed order, then
     * pending keys and unknown keys as written (sorted by key). Reading the text back gives an equal configuration
     * (locations aside).
     */
    public String toXlCfg() {
        LinkedHashMap<String, String> lines = new LinkedHashMap<>();
        lines.put("name", XlCfgWriter.quote(name));
        lines.put("type", XlCfgWriter.quote(TYPE));
        lines.put("memory", Long.toString(memoryMib));
        lines.put("maxmem", Long.toString(maxmemMib));
        lines.put("vcpus", Integer.toString(vcpus));
        lines.put("maxvcpus", Integer.toString(maxvcpus));
        lines.put("kernel", XlCfgWriter.quote(kernel));
        if (cmdline != null) {
            lines.put("cmdline", XlCfgWriter.quote(cmdline));
        }
        if (root != null) {
            lines.put("root", XlCfgWriter.quote(root));
        }
        if (extra != null) {
            lines.put("extra", XlCfgWriter.quote(extra));
        }
        lines.put("on_poweroff", XlCfgWriter.quote(onPoweroff.xlName()));
        lines.put("on_reboot", XlCfgWriter.quote(onReboot.xlName()));
        lines.put("on_watchdog", XlCfgWriter.quote(onWatchdog.xlName()));
        lines.put("on_crash", XlCfgWriter.quote(onCrash.xlName()));
        lines.put("on_soft_reset", XlCfgWriter.quote(onSoftReset.xlName()));
        lines.put("max_event_channels", Integer.toString(maxEventChannels));
        lines.put("max_grant_frames", Integer.toString(maxGrantFrames));
        lines.put("max_maptrack_frames", Integer.toString(maxMaptrackFrames));
        lines.put("max_grant_version", Integer.toString(maxGrantVersion));
        lines.put("cpu_weight", Integer.toString(cpuWeight));
        lines.put("cap", Integer.toString(cap));
        if (cpus.isSet()) {
            lines.put("cpus", cpus.toXl());
        }
        if (cpusSoft.isSet()) {
            lines.put("cpus_soft", cpusSoft.toXl());
        }
        lines.put("period", Integer.toString(periodUs));
        lines.put("extratime", extratime ? "1" : "0");
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> line : lines.entrySet()) {
            out.append(line.getKey()).append(" = ").append(line.getValue()).append('\n');
        }
        pending.forEach((key, value) -> out.append(XlCfgWriter.line(key, value)));
        unknown.forEach((key, value) -> out.append(XlCfgWriter.line(key, value)));
        return out.toString();
    }
}
