package org.pvsim.dom0.xlcfg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the keys pvsim knows from an {@link XlConfig} into a {@link DomainConfig}, with xl's defaults, and refuses
 * bad values with the location of the setting. Keys that are {@link PendingKey pending} are checked and kept;
 * unknown keys are kept; both give {@link XlCfgWarning}s. Nothing is printed.
 *
 * <p>Values are read as xl reads them ({@code xlu_cfg_get_string}, {@code xlu_cfg_get_long}): a string key takes any
 * atom, a number key takes a number or a string holding one ({@link XlNumber#parse}), a list where a single value is
 * wanted is an error, and a number key set with {@code +=} is refused.
 */
public final class DomainConfigReader {

    /** Default {@code memory} in MiB. */
    public static final long DEFAULT_MEMORY_MIB = 128;

    /** The largest {@code memory} and {@code maxmem} accepted, in MiB (16 TiB). */
    public static final long MAX_MEMORY_MIB = 16L * 1024 * 1024;

    /**
     * The most vCPUs a domain may have: {@code XEN_LEGACY_MAX_VCPUS}, the number of {@code vcpu_info} slots in
     * {@code shared_info}; a PV guest needs {@code VCPUOP_register_vcpu_info} for more.
     */
    public static final int MAX_VCPUS = 32;

    /** The name of pvsim's PV guest kernel, the default {@code kernel}. */
    public static final String PVSIM_KERNEL = "pvsim-pv";

    /** Default {@code max_event_channels}. */
    public static final int DEFAULT_MAX_EVENT_CHANNELS = 1023;

    /** The largest {@code max_event_channels}: what the FIFO event channel ABI supports. */
    public static final int MAX_EVENT_CHANNELS = 131071;

    /** Default {@code max_grant_frames} (Xen's {@code gnttab_max_frames}). */
    public static final int DEFAULT_MAX_GRANT_FRAMES = 64;

    /** Default {@code max_maptrack_frames} (Xen's {@code gnttab_max_maptrack_frames}). */
    public static final int DEFAULT_MAX_MAPTRACK_FRAMES = 1024;

    /** Default {@code max_grant_version} (Xen's {@code gnttab_max_version} on x86). */
    public static final int DEFAULT_MAX_GRANT_VERSION = 2;

    /** Default {@code cpu_weight} (the credit and credit2 schedulers' default weight). */
    public static final int DEFAULT_CPU_WEIGHT = 256;

    /** The largest {@code cpu_weight} and {@code cap}: both are 16-bit fields of {@code xen_domctl_sched_credit}. */
    public static final int MAX_WEIGHT_OR_CAP = 65535;

    /** Default {@code period}: RTDS's default period, µs ({@code RTDS_DEFAULT_PERIOD}, {@code common/sched/rt.c}). */
    public static final int DEFAULT_RTDS_PERIOD_US = 10_000;

    /** The shortest RTDS period Xen accepts, µs ({@code RTDS_MIN_PERIOD}). */
    public static final int RTDS_MIN_PERIOD_US = 10;

    /**
     * RTDS's default budget, µs ({@code RTDS_DEFAULT_BUDGET}): the budget an xl.cfg domain gets, since xl.cfg has no
     * budget key, and so the shortest {@code period} xl can apply under RTDS (budget must not exceed period).
     */
    public static final int RTDS_DEFAULT_BUDGET_US = 4_000;

    /** The keys pvsim reads and simulates ({@code builder} is read as the old spelling of {@code type}). */
    public static final List<String> SIMULATED_KEYS = List.of(
            "name",
            "type",
            "builder",
            "memory",
            "maxmem",
            "vcpus",
            "maxvcpus",
            "kernel",
            "cmdline",
            "root",
            "extra",
            "on_poweroff",
            "on_reboot",
            "on_watchdog",
            "on_crash",
            "on_soft_reset",
            "max_event_channels",
            "max_grant_frames",
            "max_maptrack_frames",
            "max_grant_version",
            "cpu_weight",
            "cap",
            "cpus",
            "cpus_soft",
            "period",
            "extratime");

    /**
     * Keys xl still reads but that do nothing: parameters of the SEDF scheduler, removed from Xen ({@code
     * libxl_types.idl}). Checked as numbers, kept with the unknown keys, and warned about.
     */
    public static final List<String> DEPRECATED_KEYS = List.of("slice", "latency");

    private final XlConfig config;
    private final List<XlCfgWarning> warnings = new ArrayList<>();

    private DomainConfigReader(XlConfig config) {
        this.config = config;
    }

    /**
     * Reads and checks {@code config}.
     *
     * @return the typed configuration and its warnings (sorted by location)
     * @throws XlCfgException at the first refused value, naming its location
     */
    public static CheckedDomainConfig read(XlConfig config) throws XlCfgException {
        return new DomainConfigReader(config).read();
    }

    private CheckedDomainConfig read() throws XlCfgException {
        String name = string("name")
                .orElseThrow(() -> new XlCfgException(
                        config.source().whole(), "name is mandatory: every domain needs name = \"...\""));
        if (name.isEmpty()) {
            throw refuse("name", "must not be empty");
        }
        checkType();
        long memory = number("memory", 1, MAX_MEMORY_MIB).orElse(DEFAULT_MEMORY_MIB);
        long maxmem = number("maxmem", 1, MAX_MEMORY_MIB).orElse(memory);
        if (maxmem < memory) {
            throw refuse(
                    "maxmem", maxmem + " MiB is less than memory (" + memory + " MiB); maxmem must be at least memory");
        }
        int vcpus = (int) number("vcpus", 1, MAX_VCPUS).orElse(1);
        int maxvcpus = (int) number("maxvcpus", 1, MAX_VCPUS).orElse(vcpus);
        if (maxvcpus < vcpus) {
            throw refuse("maxvcpus", maxvcpus + " is less than vcpus (" + vcpus + "); maxvcpus must be at least vcpus");
        }
        String kernel = string("kernel").orElse(PVSIM_KERNEL);
        if (!kernel.equals(PVSIM_KERNEL)) {
            warn("kernel", "pvsim boots its own PV kernel \"" + PVSIM_KERNEL + "\"; \"" + kernel + "\" is not loaded");
        }
        String cmdline = string("cmdline").orElse(null);
        String root = string("root").orElse(null);
        String extra = string("extra").orElse(null);
        if (cmdline != null && (root != null || extra != null)) {
            warn("cmdline", "root and extra are ignored in favour of cmdline (as xl does)");
        }
        ShutdownAction onPoweroff = action("on_poweroff", ShutdownAction.DESTROY);
        ShutdownAction onReboot = action("on_reboot", ShutdownAction.RESTART);
        ShutdownAction onWatchdog = action("on_watchdog", ShutdownAction.DESTROY);
        ShutdownAction onCrash = action("on_crash", ShutdownAction.DESTROY);
        ShutdownAction onSoftReset = action("on_soft_reset", ShutdownAction.SOFT_RESET);
        int maxEventChannels =
                (int) number("max_event_channels", 1, MAX_EVENT_CHANNELS).orElse(DEFAULT_MAX_EVENT_CHANNELS);
        int maxGrantFrames =
                (int) number("max_grant_frames", 1, Integer.MAX_VALUE).orElse(DEFAULT_MAX_GRANT_FRAMES);
        int maxMaptrackFrames =
                (int) number("max_maptrack_frames", 0, Integer.MAX_VALUE).orElse(DEFAULT_MAX_MAPTRACK_FRAMES);
        int maxGrantVersion = (int) number("max_grant_version", 1, 2).orElse(DEFAULT_MAX_GRANT_VERSION);
        int cpuWeight = (int) number("cpu_weight", 1, MAX_WEIGHT_OR_CAP).orElse(DEFAULT_CPU_WEIGHT);
        int cap = (int) number("cap", 0, MAX_WEIGHT_OR_CAP).orElse(0);
        if (cap > 100L * maxvcpus) {
            throw refuse(
                    "cap",
                    cap + " is more than 100 per vCPU (maxvcpus = " + maxvcpus + ", so at most " + 100 * maxvcpus
                            + "); libxl refuses a cap the domain's vCPUs could never reach");
        }
        CpuAffinity cpus = affinity("cpus", maxvcpus);
        CpuAffinity cpusSoft = affinity("cpus_soft", maxvcpus);
        OptionalLong period = number("period", RTDS_MIN_PERIOD_US, Integer.MAX_VALUE);
        if (period.isPresent() && period.getAsLong() < RTDS_DEFAULT_BUDGET_US) {
            warn(
                    "period",
                    period.getAsLong() + " us is shorter than RTDS's default budget (" + RTDS_DEFAULT_BUDGET_US
                            + " us), which xl.cfg cannot change: under RTDS, xl refuses a budget above the period");
        }
        int periodUs = (int) period.orElse(DEFAULT_RTDS_PERIOD_US);
        boolean extratime = number("extratime", 0, 1).orElse(1) == 1;

        TreeMap<String, XlValue> pending = new TreeMap<>();
        TreeMap<String, XlValue> unknown = new TreeMap<>();
        for (XlSetting setting : config.settings()) {
            String key = setting.key();
            Optional<PendingKey> pendingKey = PendingKey.ofKey(key);
            if (pendingKey.isPresent()) {
                checkPending(pendingKey.get());
                pending.put(key, setting.value());
                if (!pendingKey.get().isSimulated()) {
                    warn(
                            key,
                            "accepted but not yet simulated ("
                                    + pendingKey.get().feature() + ")");
                }
            } else if (DEPRECATED_KEYS.contains(key)) {
                number(key, 0, Long.MAX_VALUE);
                unknown.put(key, setting.value());
                warn(key, "deprecated, ignored: a parameter of the SEDF scheduler, which Xen no longer has");
            } else if (!SIMULATED_KEYS.contains(key)) {
                unknown.put(key, setting.value());
                warn(key, "unknown key, ignored" + hint(key));
            }
        }
        warnings.sort(Comparator.comparingInt((XlCfgWarning w) -> w.location().line())
                .thenComparingInt(w -> w.location().column()));
        DomainConfig domain = new DomainConfig(
                name,
                memory,
                maxmem,
                vcpus,
                maxvcpus,
                kernel,
                cmdline,
                root,
                extra,
                onPoweroff,
                onReboot,
                onWatchdog,
                onCrash,
                onSoftReset,
                maxEventChannels,
                maxGrantFrames,
                maxMaptrackFrames,
                maxGrantVersion,
                cpuWeight,
                cap,
                cpus,
                cpusSoft,
                periodUs,
                extratime,
                pending,
                unknown);
        return new CheckedDomainConfig(domain, warnings);
    }

    private void checkType() throws XlCfgException {
        Optional<String> type = string("type");
        if (type.isPresent()) {
            switch (type.get()) {
                case "pv" -> {}
                case "pvh", "hvm" ->
                    throw refuse(
                            "type",
                            "pvsim simulates PV guests only; \"" + type.get()
                                    + "\" guests are not supported (write type = \"pv\" or leave type out)");
                default ->
                    throw refuse(
                            "type",
                            "unknown guest type \"" + type.get() + "\" (xl knows pv, pvh and hvm; pvsim simulates pv)");
            }
        }
        Optional<String> builder = string("builder");
        if (builder.isPresent()) {
            switch (builder.get()) {
                case "generic" -> {}
                case "hvm" ->
                    throw refuse("builder", "pvsim simulates PV guests only; builder = \"hvm\" is not supported");
                default ->
                    throw refuse("builder", "unknown builder \"" + builder.get() + "\" (xl knows generic and hvm)");
            }
        }
    }

    private ShutdownAction action(String key, ShutdownAction otherwise) throws XlCfgException {
        Optional<String> name = string(key);
        if (name.isEmpty()) {
            return otherwise;
        }
        return ShutdownAction.ofXlName(name.get())
                .orElseThrow(() -> refuse(
                        key, "unknown action \"" + name.get() + "\" (one of: " + ShutdownAction.allXlNames() + ")"));
    }

    private void checkPending(PendingKey key) throws XlCfgException {
        String k = key.key();
        switch (key) {
            case POOL -> {
                if (string(k).orElseThrow().isEmpty()) {
                    throw refuse(k, "must not be empty");
                }
            }
            case VIF -> {
                for (XlAtom spec : stringList(k)) {
                    checkVif(spec);
                }
            }
            case DISK -> {
                java.util.Set<String> vdevs = new java.util.TreeSet<>();
                for (XlAtom spec : stringList(k)) {
                    if (spec.text().isBlank()) {
                        throw new XlCfgException(spec.location(), "disk: a disk specification must not be empty");
                    }
                    DiskSpec disk;
                    try {
                        disk = DiskSpec.parse(spec.text());
                    } catch (IllegalArgumentException e) {
                        throw new XlCfgException(spec.location(), "disk: '" + spec.text() + "': " + e.getMessage());
                    }
                    if (!vdevs.add(disk.vdev())) {
                        throw new XlCfgException(
                                spec.location(), "disk: vdev " + disk.vdev() + " is given to two disks");
                    }
                }
            }
        }
    }

    /** Reads {@code cpus} or {@code cpus_soft}: a CPU list string for every vCPU, or a list of them, one per vCPU. */
    private CpuAffinity affinity(String key, int maxvcpus) throws XlCfgException {
        Optional<XlSetting> setting = config.get(key);
        if (setting.isEmpty()) {
            return CpuAffinity.NONE;
        }
        if (setting.get().value() instanceof XlAtom atom) {
            return CpuAffinity.forEveryVcpu(cpuSet(key, atom));
        }
        List<CpuSet> sets = new ArrayList<>();
        for (XlAtom element : stringList(key)) {
            sets.add(cpuSet(key, element));
        }
        if (sets.size() > maxvcpus) {
            warn(
                    key,
                    sets.size() + " CPU lists for " + maxvcpus + " vCPU" + (maxvcpus == 1 ? "" : "s")
                            + " (maxvcpus): the lists past the last vCPU are ignored, as xl does");
        }
        return CpuAffinity.perVcpu(sets);
    }

    private static CpuSet cpuSet(String key, XlAtom atom) throws XlCfgException {
        try {
            return CpuSet.parse(atom.text());
        } catch (IllegalArgumentException e) {
            throw new XlCfgException(atom.location(), key + ": " + e.getMessage());
        }
    }

    private static void checkVif(XlAtom spec) throws XlCfgException {
        try {
            VifSpec.parse(spec.text());
        } catch (IllegalArgumentException e) {
            throw new XlCfgException(spec.location(), "vif: '" + spec.text() + "': " + e.getMessage());
        }
    }

    private List<XlAtom> stringList(String key) throws XlCfgException {
        XlValue value = config.get(key).orElseThrow().value();
        if (!(value instanceof XlList list)) {
            throw refuse(key, "expected a list [ \"...\", ... ], not " + value.kindDescription());
        }
        List<XlAtom> atoms = new ArrayList<>();
        for (XlValue element : list.elements()) {
            if (!(element instanceof XlAtom atom)) {
                throw new XlCfgException(element.location(), key + ": list elements must be strings, not lists");
            }
            atoms.add(atom);
        }
        return atoms;
    }

    private Optional<String> string(String key) throws XlCfgException {
        Optional<XlSetting> setting = config.get(key);
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(atom(setting.get()).text());
    }

    private OptionalLong number(String key, long min, long max) throws XlCfgException {
        Optional<XlSetting> setting = config.get(key);
        if (setting.isEmpty()) {
            return OptionalLong.empty();
        }
        XlAtom atom = atom(setting.get());
        if (setting.get().appended()) {
            throw new XlCfgException(setting.get().location(), key + ": can't use += with numbers");
        }
        OptionalLong value = XlNumber.parse(atom.text());
        if (value.isEmpty()) {
            throw new XlCfgException(
                    atom.location(), key + ": \"" + XlCfgWriter.escape(atom.text()) + "\" is not a number");
        }
        if (value.getAsLong() < min) {
            throw new XlCfgException(
                    atom.location(), key + ": must be at least " + min + " (is " + value.getAsLong() + ")");
        }
        if (value.getAsLong() > max) {
            throw new XlCfgException(
                    atom.location(), key + ": must be at most " + max + " (is " + value.getAsLong() + ")");
        }
        return value;
    }

    private static XlAtom atom(XlSetting setting) throws XlCfgException {
        if (setting.value() instanceof XlAtom atom) {
            return atom;
        }
        throw new XlCfgException(setting.value().location(), setting.key() + ": expected a single value, not a list");
    }

    private XlCfgException refuse(String key, String problem) {
        XlSetting setting = config.get(key).orElseThrow();
        return new XlCfgException(setting.value().location(), key + ": " + problem);
    }

    private void warn(String key, String message) {
        XlSetting setting = config.get(key).orElseThrow();
        warnings.add(new XlCfgWarning(setting.location(), key + ": " + message));
    }

    /** A hint for an unknown key: why it is unknown, or the known key it is closest to. */
    private static String hint(String key) {
        if (key.equals("budget")) {
            return " (xl.cfg has no RTDS budget: xl sets it with sched-rtds -b)";
        }
        return NearestName.hint(key, knownKeys());
    }

    private static List<String> knownKeys() {
        return Stream.of(
                        SIMULATED_KEYS.stream(),
                        Stream.of(PendingKey.values()).map(PendingKey::key),
                        DEPRECATED_KEYS.stream())
                .flatMap(k -> k)
                .toList();
    }
}
