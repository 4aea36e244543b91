package org.pvsim.dom0.scenario;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.pvsim.dom0.scenario.YamlNode.Entry;
import org.pvsim.dom0.scenario.YamlNode.Mapping;
import org.pvsim.dom0.scenario.YamlNode.Scalar;
import org.pvsim.dom0.scenario.YamlNode.ScalarType;
import org.pvsim.dom0.scenario.YamlNode.Sequence;
import org.pvsim.dom0.toolstack.Dom0Fault;
import org.pvsim.dom0.xlcfg.CheckedDomainConfig;
import org.pvsim.dom0.xlcfg.DomainConfigReader;
import org.pvsim.dom0.xlcfg.NearestName;
import org.pvsim.dom0.xlcfg.XlCfgException;
import org.pvsim.dom0.xlcfg.XlCfgLocation;
import org.pvsim.dom0.xlcfg.XlCfgParser;
import org.pvsim.dom0.xlcfg.XlCfgSource;
import org.pvsim.dom0.xlcfg.XlCfgWarning;
import org.pvsim.dom0.xlcfg.XlConfig;
import org.pvsim.hypervisor.abi.device.DiskSpec;
import org.pvsim.hypervisor.abi.device.MachineDevicesSpec;
import org.pvsim.hypervisor.abi.device.NicSpec;

/**
 * Checks a scenario's YAML tree key by key and resolves it (defaults filled in). Every refusal names the file, line
 * and column of the value at fault and the key's path ({@code host.pcpus}, {@code domains[1].workload}).
 * {@code docs/scenarios.md} lists the keys, defaults and rules this class enforces.
 */
final class ScenarioReader {

    static final List<String> TOP_KEYS =
            List.of("name", "description", "seed", "duration", "host", "domains", "actions");
    static final List<String> HOST_KEYS = List.of(
            "pcpus",
            "memory",
            "scheduler",
            "dom0_mem",
            "dom0_max_vcpus",
            "sockets",
            "threads_per_core",
            "xen_cmdline",
            "disk",
            "nic");
    static final List<String> DISK_KEYS = List.of("preset", "size", "latency", "seek", "bandwidth", "queue_depth");
    static final List<String> NIC_KEYS = List.of("rate", "frame_cost", "latency");
    /** The largest machine disk: 16 TiB. */
    static final long MAX_DISK_KIB = 16L << 30;

    static final List<String> DOMAIN_KEYS = List.of("config", "file", "workload", "args");
    static final List<String> ACTION_KEYS = List.of("at", "xl", "fault");

    /** The largest host memory accepted for now, in KiB (64 GiB). */
    static final long MAX_HOST_MEMORY_KIB = 64L << 20;

    private static final long PAGE_KIB = 4;

    /** The source name of an inline config whose lines cannot be mapped onto the scenario file. */
    private static final String INLINE = "<inline config>";

    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private final ScenarioSource source;
    private final String file;
    private final String[] lines;
    private final WorkloadCatalog catalog;
    private final XlLineParser xlParser;
    private final List<String> warnings = new ArrayList<>();

    private ScenarioReader(ScenarioSource source, String text, WorkloadCatalog catalog, XlLineParser xlParser) {
        this.source = source;
        this.file = source.displayName();
        this.lines = text.split("\r?\n", -1);
        this.catalog = catalog;
        this.xlParser = xlParser;
    }

    /** Reads, checks and resolves the scenario {@code text} from {@code source}; xl commands go to {@code xlParser}. */
    static ResolvedScenario read(ScenarioSource source, String text, WorkloadCatalog catalog, XlLineParser xlParser)
            throws ScenarioException {
        return new ScenarioReader(source, text, catalog, xlParser).read(text);
    }

    private ResolvedScenario read(String text) throws ScenarioException {
        YamlNode root = YamlTreeReader.read(text, file);
        if (!(root instanceof Mapping top)) {
            throw error(
                    root.position(),
                    "a scenario is a map of keys (" + String.join(", ", TOP_KEYS) + "), not " + root.kindDescription());
        }
        checkKeys(top, "", TOP_KEYS);
        String name = name(top);
        String description = optional(top, "description").isPresent() ? description(top) : null;
        long seed = optional(top, "seed").isPresent()
                ? integer(top.entries().get("seed").value(), "seed", 0, Long.MAX_VALUE)
                : ResolvedScenario.DEFAULT_SEED;
        long durationNs = optional(top, "duration").isPresent()
                ? duration(top.entries().get("duration").value())
                : ResolvedScenario.DEFAULT_DURATION_NS;
        Optional<YamlNode> hostNode = optional(top, "host");
        HostSpec host = host(hostNode);
        List<DomainSpec> domains = domains(optional(top, "domains"));
        checkHostMemory(host, domains, hostNode);
        List<ScenarioAction> actions = actions(optional(top, "actions"), durationNs);
        return new ResolvedScenario(name, description, seed, durationNs, host, domains, warnings, file, actions);
    }

    private String name(Mapping top) throws ScenarioException {
        Optional<YamlNode> node = optional(top, "name");
        if (node.isPresent()) {
            String name = string(node.get(), "name");
            if (!name.matches(NAME_PATTERN)) {
                throw error(
                        node.get().position(),
                        "name: \"" + name + "\" cannot name a run folder (use letters, digits, '.', '_' and '-',"
                                + " starting with a letter or digit)");
            }
            return name;
        }
        String name = source.defaultName();
        if (!name.matches(NAME_PATTERN)) {
            throw error(
                    YamlPosition.WHOLE_FILE,
                    "the file name gives the scenario name \"" + name + "\", which cannot name a run folder;"
                            + " add a name: key (letters, digits, '.', '_' and '-')");
        }
        return name;
    }

    private String description(Mapping top) throws ScenarioException {
        YamlNode node = top.entries().get("description").value();
        String description = string(node, "description");
        if (description.strip().contains("\n")) {
            throw error(node.position(), "description: must be one line");
        }
        return description.strip();
    }

    private long duration(YamlNode node) throws ScenarioException {
        return duration(node, "duration");
    }

    private long duration(YamlNode node, String path) throws ScenarioException {
        if (node instanceof Scalar s && (s.type() == ScalarType.INTEGER || s.type() == ScalarType.DECIMAL)) {
            throw error(node.position(), path + ": " + s.text() + " has no unit (use ns, us, ms or s, e.g. 5s)");
        }
        String text = string(node, path);
        try {
            return VirtualDuration.parseNs(text);
        } catch (IllegalArgumentException e) {
            throw error(node.position(), path + ": " + e.getMessage());
        }
    }

    /**
     * {@code actions:}: a list of {@code {at: TIME, xl: "COMMAND"}} and {@code {at: TIME, fault: "FAULT"}} ({@link
     * Dom0Fault#parse}). Each time is a duration from the start of the run,
     * within the scenario's duration; each command is read by the xl parser now, so a bad one is refused with its
     * line before anything runs.
     */
    private List<ScenarioAction> actions(Optional<YamlNode> node, long durationNs) throws ScenarioException {
        List<ScenarioAction> actions = new ArrayList<>();
        if (node.isEmpty() || node.get() instanceof Scalar s && s.type() == ScalarType.NULL) {
            return actions;
        }
        Sequence sequence = sequence(node.get(), "actions");
        for (int i = 0; i < sequence.elements().size(); i++) {
            String path = "actions[" + i + "]";
            Mapping action = mapping(sequence.elements().get(i), path);
            checkKeys(action, path, ACTION_KEYS);
            Optional<YamlNode> at = optional(action, "at");
            Optional<YamlNode> xl = optional(action, "xl");
            Optional<YamlNode> fault = optional(action, "fault");
            if (xl.isPresent() && fault.isPresent()) {
                throw error(action.position(), path + ": has both xl and fault; an action is one of them");
            }
            if (at.isEmpty() || xl.isEmpty() && fault.isEmpty()) {
                throw error(
                        action.position(),
                        path + ": needs "
                                + (at.isEmpty()
                                        ? "at (when, e.g. 3s)"
                                        : "xl (the command, e.g. \"list\") or fault (e.g. \"kill-backend vbd\")"));
            }
            boolean zero = at.get() instanceof Scalar s
                    && s.type() == ScalarType.STRING
                    && s.text().strip().matches("0+(\\.0+)?\\s*(ns|us|ms|s)");
            long atNs = zero ? 0 : duration(at.get(), path + ".at"); // at the start is a time too
            if (atNs > durationNs) {
                throw error(
                        at.get().position(),
                        path + ".at: " + VirtualDuration.format(atNs) + " is after the end of the run ("
                                + VirtualDuration.format(durationNs) + ")");
            }
            if (fault.isPresent()) {
                String text = string(fault.get(), path + ".fault").strip();
                try {
                    actions.add(new ScenarioAction(atNs, text, Dom0Fault.parse(text)));
                } catch (IllegalArgumentException e) {
                    throw error(fault.get().position(), path + ".fault: " + e.getMessage());
                }
                continue;
            }
            String text = string(xl.get(), path + ".xl").strip();
            try {
                actions.add(new ScenarioAction(atNs, text, xlParser.parse(text)));
            } catch (IllegalArgumentException e) {
                throw error(xl.get().position(), path + ".xl: " + e.getMessage());
            }
        }
        return actions;
    }

    private HostSpec host(Optional<YamlNode> hostNode) throws ScenarioException {
        if (hostNode.isEmpty() || hostNode.get() instanceof Scalar s && s.type() == ScalarType.NULL) {
            return new HostSpec(
                    HostSpec.DEFAULT_PCPUS,
                    HostSpec.DEFAULT_MEMORY_KIB,
                    HostScheduler.DEFAULT,
                    HostSpec.DEFAULT_DOM0_MEM_KIB,
                    HostSpec.DEFAULT_DOM0_MAX_VCPUS);
        }
        Mapping host = mapping(hostNode.get(), "host");
        checkKeys(host, "host", HOST_KEYS);
        int pcpus = optionalInteger(host, "host.pcpus", "pcpus", 1, HostSpec.MAX_PCPUS)
                .map(Long::intValue)
                .orElse(HostSpec.DEFAULT_PCPUS);
        long memoryKib = optional(host, "memory").isPresent()
                ? memory(host.entries().get("memory").value(), "host.memory", MAX_HOST_MEMORY_KIB)
                : HostSpec.DEFAULT_MEMORY_KIB;
        HostScheduler scheduler = scheduler(optional(host, "scheduler"));
        long dom0MemKib = optional(host, "dom0_mem").isPresent()
                ? memory(host.entries().get("dom0_mem").value(), "host.dom0_mem", MAX_HOST_MEMORY_KIB)
                : HostSpec.DEFAULT_DOM0_MEM_KIB;
        int maxDom0Vcpus = Math.min(pcpus, DomainConfigReader.MAX_VCPUS);
        Optional<Long> dom0Vcpus = optionalInteger(host, "host.dom0_max_vcpus", "dom0_max_vcpus", 1, Long.MAX_VALUE);
        if (dom0Vcpus.isPresent() && dom0Vcpus.get() > maxDom0Vcpus) {
            throw error(
                    host.entries().get("dom0_max_vcpus").value().position(),
                    "host.dom0_max_vcpus: must be at most " + maxDom0Vcpus + " (is " + dom0Vcpus.get() + "; dom0 has"
                            + " no more vCPUs than the host has pCPUs, and at most " + DomainConfigReader.MAX_VCPUS
                            + ")");
        }
        int dom0MaxVcpus = dom0Vcpus.map(Long::intValue).orElse(HostSpec.DEFAULT_DOM0_MAX_VCPUS);
        int sockets = optionalInteger(host, "host.sockets", "sockets", 1, HostSpec.MAX_PCPUS)
                .map(Long::intValue)
                .orElse(1);
        int threads = optionalInteger(host, "host.threads_per_core", "threads_per_core", 1, 8)
                .map(Long::intValue)
                .orElse(1);
        if (pcpus % (sockets * threads) != 0) {
            YamlNode at = host.entries().containsKey("sockets")
                    ? host.entries().get("sockets").value()
                    : host.entries().get("threads_per_core").value();
            throw error(
                    at.position(),
                    "host.sockets x host.threads_per_core (" + sockets + " x " + threads + ") must divide host.pcpus ("
                            + pcpus + "): every socket has the same number of cores");
        }
        String xenCmdline = "";
        if (optional(host, "xen_cmdline").isPresent()) {
            YamlNode node = host.entries().get("xen_cmdline").value();
            xenCmdline = string(node, "host.xen_cmdline").trim();
            for (String word : xenCmdline.split("\\s+")) {
                if (!word.isEmpty() && word.indexOf('=') <= 0) {
                    throw error(
                            node.position(),
                            "host.xen_cmdline: \"" + word + "\" is not a Xen option of the form name=value");
                }
            }
        }
        MachineDevicesSpec devices = new MachineDevicesSpec(
                optional(host, "disk").isPresent()
                        ? disk(host.entries().get("disk").value())
                        : DEFAULT_DISK,
                optional(host, "nic").isPresent()
                        ? nic(host.entries().get("nic").value())
                        : DEFAULT_NIC);
        return new HostSpec(
                pcpus, memoryKib, scheduler, dom0MemKib, dom0MaxVcpus, sockets, threads, xenCmdline, devices);
    }

    private static final DiskSpec DEFAULT_DISK = MachineDevicesSpec.DEFAULT.disk();
    private static final NicSpec DEFAULT_NIC = MachineDevicesSpec.DEFAULT.nic();

    /** {@code host.disk}: a preset name ({@code nvme}, {@code hdd}) or a map that starts from one. */
    private DiskSpec disk(YamlNode node) throws ScenarioException {
        String path = "host.disk";
        if (node instanceof Scalar) {
            return preset(node, path, DiskSpec.DEFAULT_SECTORS);
        }
        Mapping m = mapping(node, path);
        checkKeys(m, path, DISK_KEYS);
        long sectors = DiskSpec.DEFAULT_SECTORS;
        if (optional(m, "size").isPresent()) {
            sectors = memory(m.entries().get("size").value(), path + ".size", MAX_DISK_KIB) * 2;
        }
        DiskSpec base = optional(m, "preset").isPresent()
                ? preset(m.entries().get("preset").value(), path + ".preset", sectors)
                : DiskSpec.nvme(sectors);
        long latency = optional(m, "latency").isPresent()
                ? duration(m.entries().get("latency").value(), path + ".latency")
                : base.latencyNs();
        long seek = base.accessNs();
        if (optional(m, "seek").isPresent()) {
            YamlNode s = m.entries().get("seek").value();
            seek = s instanceof Scalar z
                            && z.type() == ScalarType.INTEGER
                            && z.text().equals("0")
                    ? 0
                    : duration(s, path + ".seek");
        }
        long bandwidth = base.bytesPerSecond();
        if (optional(m, "bandwidth").isPresent()) {
            YamlNode b = m.entries().get("bandwidth").value();
            try {
                bandwidth = DeviceRates.parseBandwidth(string(b, path + ".bandwidth"));
            } catch (IllegalArgumentException e) {
                throw error(b.position(), path + ".bandwidth: " + e.getMessage());
            }
        }
        int queue = optionalInteger(m, path + ".queue_depth", "queue_depth", 1, 256)
                .map(Long::intValue)
                .orElse(base.queueDepth());
        return new DiskSpec(base.preset(), sectors, latency, seek, bandwidth, queue, base.serial());
    }

    private DiskSpec preset(YamlNode node, String path, long sectors) throws ScenarioException {
        String name = string(node, path);
        DiskSpec p = DiskSpec.preset(name, sectors);
        if (p == null) {
            throw error(
                    node.position(),
                    path + ": unknown disk '" + name + "' (nvme or hdd; or a map of: " + String.join(", ", DISK_KEYS)
                            + ")");
        }
        return p;
    }

    /** {@code host.nic}: a line rate ({@code 10Gb/s}) or a map of rate, frame_cost and latency. */
    private NicSpec nic(YamlNode node) throws ScenarioException {
        String path = "host.nic";
        if (node instanceof Scalar) {
            return new NicSpec(lineRate(node, path), DEFAULT_NIC.perFrameNs(), DEFAULT_NIC.wireLatencyNs());
        }
        Mapping m = mapping(node, path);
        checkKeys(m, path, NIC_KEYS);
        long rate = optional(m, "rate").isPresent()
                ? lineRate(m.entries().get("rate").value(), path + ".rate")
                : DEFAULT_NIC.rateMbps();
        long frame = optional(m, "frame_cost").isPresent()
                ? duration(m.entries().get("frame_cost").value(), path + ".frame_cost")
                : DEFAULT_NIC.perFrameNs();
        long latency = optional(m, "latency").isPresent()
                ? duration(m.entries().get("latency").value(), path + ".latency")
                : DEFAULT_NIC.wireLatencyNs();
        return new NicSpec(rate, frame, latency);
    }

    private long lineRate(YamlNode node, String path) throws ScenarioException {
        try {
            return DeviceRates.parseLineMbps(string(node, path));
        } catch (IllegalArgumentException e) {
            throw error(node.position(), path + ": " + e.getMessage());
        }
    }

    private HostScheduler scheduler(Optional<YamlNode> node) throws ScenarioException {
        if (node.isEmpty()) {
            return HostScheduler.DEFAULT;
        }
        if (node.get() instanceof Scalar s && s.type() == ScalarType.NULL) {
            throw error(
                    node.get().position(),
                    "host.scheduler: YAML reads a bare null as nothing; write \"null\" in quotes for Xen's null"
                            + " scheduler");
        }
        String name = string(node.get(), "host.scheduler");
        HostScheduler scheduler = HostScheduler.ofXenName(name)
                .orElseThrow(() -> error(
                        node.get().position(),
                        "host.scheduler: unknown scheduler \"" + name + "\" (one of: "
                                + String.join(", ", HostScheduler.xenNames()) + ")"
                                + NearestName.hint(name, HostScheduler.xenNames())));
        if (!scheduler.simulated()) {
            warn(
                    node.get().position(),
                    "host.scheduler: \"" + name + "\" is not simulated yet; this run uses "
                            + HostScheduler.DEFAULT.xenName());
            return HostScheduler.DEFAULT;
        }
        return scheduler;
    }

    private long memory(YamlNode node, String path, long maxKib) throws ScenarioException {
        long kib;
        if (node instanceof Scalar s && s.type() == ScalarType.INTEGER) {
            long mib = integer(node, path, 1, maxKib / 1024);
            kib = MemorySize.mibToKib(mib);
        } else {
            String text = string(node, path);
            try {
                kib = MemorySize.parseKib(text);
            } catch (IllegalArgumentException e) {
                throw error(node.position(), path + ": " + e.getMessage());
            }
        }
        if (kib <= 0) {
            throw error(node.position(), path + ": must be more than 0");
        }
        if (kib % PAGE_KIB != 0) {
            throw error(node.position(), path + ": " + kib + "KiB is not a whole number of 4KiB pages");
        }
        if (kib > maxKib) {
            throw error(node.position(), path + ": at most " + MemorySize.format(maxKib) + " for now");
        }
        return kib;
    }

    private List<DomainSpec> domains(Optional<YamlNode> node) throws ScenarioException {
        List<DomainSpec> domains = new ArrayList<>();
        if (node.isEmpty()) {
            return domains;
        }
        if (node.get() instanceof Scalar s && s.type() == ScalarType.NULL) {
            return domains;
        }
        Sequence sequence = sequence(node.get(), "domains");
        Map<String, String> takenBy = new LinkedHashMap<>();
        for (int i = 0; i < sequence.elements().size(); i++) {
            String path = "domains[" + i + "]";
            NamedDomain domain = domain(sequence.elements().get(i), path);
            String name = domain.spec().name();
            if (name.equals(ResolvedScenario.DOM0_NAME)) {
                throw new ScenarioException(
                        domain.nameLocation() + ": " + path + ": name \"" + name + "\" is dom0's; choose another name");
            }
            String earlier = takenBy.putIfAbsent(name, path);
            if (earlier != null) {
                throw new ScenarioException(domain.nameLocation() + ": " + path + ": name \"" + name
                        + "\" is already used by " + earlier + " (domain names must be unique on a host)");
            }
            domains.add(domain.spec());
        }
        return domains;
    }

    /** A domain and where its name is set, for the uniqueness check. */
    private record NamedDomain(DomainSpec spec, String nameLocation) {}

    private NamedDomain domain(YamlNode node, String path) throws ScenarioException {
        Mapping domain = mapping(node, path);
        checkKeys(domain, path, DOMAIN_KEYS);
        Optional<YamlNode> config = optional(domain, "config");
        Optional<YamlNode> fileNode = optional(domain, "file");
        if (config.isPresent() && fileNode.isPresent()) {
            throw error(
                    domain.entries().get("file").keyPosition(),
                    path + ": give either config (inline xl.cfg) or file (an xl.cfg file), not both");
        }
        if (config.isEmpty() && fileNode.isEmpty()) {
            throw error(domain.position(), path + ": needs config (inline xl.cfg) or file (an xl.cfg file)");
        }
        XlConfig xl = config.isPresent()
                ? inlineConfig(config.get(), path + ".config")
                : fileConfig(fileNode.get(), path + ".file");
        CheckedDomainConfig checked = checkConfig(xl, config, path + ".config");
        String nameLocation = xl.get("name").map(s -> s.location().toString()).orElse(file);
        String workload = workload(domain, path);
        TreeMap<String, String> args = new TreeMap<>(catalog.defaultArgs(workload));
        Optional<YamlNode> argsNode = optional(domain, "args");
        Mapping argsMapping = null;
        if (argsNode.isPresent() && !(argsNode.get() instanceof Scalar s && s.type() == ScalarType.NULL)) {
            argsMapping = mapping(argsNode.get(), path + ".args");
            for (Map.Entry<String, Entry> arg : argsMapping.entries().entrySet()) {
                args.put(arg.getKey(), argValue(arg.getValue().value(), path + ".args." + arg.getKey()));
            }
        }
        Optional<WorkloadArgProblem> problem = catalog.check(workload, args);
        if (problem.isPresent()) {
            throw argProblem(problem.get(), domain, argsMapping, path);
        }
        return new NamedDomain(new DomainSpec(checked.config(), workload, args), nameLocation);
    }

    private String workload(Mapping domain, String path) throws ScenarioException {
        Optional<YamlNode> node = optional(domain, "workload");
        List<String> names = catalog.names();
        if (node.isEmpty()) {
            throw error(domain.position(), path + ": workload is missing (one of: " + String.join(", ", names) + ")");
        }
        String workload = string(node.get(), path + ".workload");
        if (!names.contains(workload)) {
            throw error(
                    node.get().position(),
                    path + ".workload: unknown workload \"" + workload + "\" (one of: " + String.join(", ", names) + ")"
                            + NearestName.hint(workload, names));
        }
        return workload;
    }

    private String argValue(YamlNode node, String path) throws ScenarioException {
        if (node instanceof Scalar s && s.type() != ScalarType.NULL) {
            return s.text();
        }
        throw error(
                node.position(), path + ": expected a single value (text or a number), not " + node.kindDescription());
    }

    private ScenarioException argProblem(WorkloadArgProblem problem, Mapping domain, Mapping args, String path) {
        if (problem.arg() != null && args != null && args.entries().containsKey(problem.arg())) {
            return error(
                    args.entries().get(problem.arg()).value().position(),
                    path + ".args." + problem.arg() + ": " + problem.message());
        }
        if (problem.arg() != null) {
            YamlPosition at = args != null
                    ? args.position()
                    : domain.entries().get("workload").value().position();
            return error(at, path + ".args." + problem.arg() + ": " + problem.message());
        }
        YamlPosition at = args != null
                ? args.position()
                : domain.entries().get("workload").value().position();
        return error(at, path + ".args: " + problem.message());
    }

    private XlConfig inlineConfig(YamlNode node, String path) throws ScenarioException {
        String text = string(node, path);
        Optional<XlCfgSource> literal = literalBlockSource(node.position());
        try {
            return XlCfgParser.parse(text, literal.orElse(XlCfgSource.file(INLINE)));
        } catch (XlCfgException e) {
            throw inlineError(e, node, path);
        }
    }

    private XlConfig fileConfig(YamlNode node, String path) throws ScenarioException {
        String relative = string(node, path);
        String display = source.displayNameOf(relative);
        String text;
        try {
            text = source.read(relative);
        } catch (NoSuchFileException e) {
            throw error(node.position(), path + ": no such file: " + display);
        } catch (IOException e) {
            throw error(node.position(), path + ": cannot read " + display + ": " + e.getMessage());
        }
        try {
            return XlCfgParser.parse(text, XlCfgSource.file(display));
        } catch (XlCfgException e) {
            throw new ScenarioException(e.getMessage());
        }
    }

    private CheckedDomainConfig checkConfig(XlConfig xl, Optional<YamlNode> inline, String path)
            throws ScenarioException {
        try {
            CheckedDomainConfig checked = DomainConfigReader.read(xl);
            for (XlCfgWarning warning : checked.warnings()) {
                if (inline.isPresent() && warning.location().source().equals(INLINE)) {
                    warnings.add(inline.get().position().in(file) + ": " + path + ": " + relative(warning.location())
                            + warning.message());
                } else {
                    warnings.add(warning.location() + ": " + warning.message());
                }
            }
            return checked;
        } catch (XlCfgException e) {
            if (inline.isPresent()) {
                throw inlineError(e, inline.get(), path);
            }
            throw new ScenarioException(e.getMessage());
        }
    }

    private ScenarioException inlineError(XlCfgException e, YamlNode node, String path) {
        if (!e.location().source().equals(INLINE)) {
            return new ScenarioException(e.getMessage());
        }
        return error(node.position(), path + ": " + relative(e.location()) + e.problem());
    }

    private static String relative(XlCfgLocation location) {
        if (location.line() <= 0) {
            return "";
        }
        return "line " + location.line() + (location.column() > 0 ? ", column " + location.column() : "") + ": ";
    }

    /**
     * For a literal block scalar ({@code config: |}) the xl.cfg text is the following lines with their indentation
     * removed, so its lines and columns map onto the file exactly: line {@code n} is file line {@code L + n} and
     * column {@code c} is file column {@code c + indentation}. Any other scalar style gets no mapping.
     */
    private Optional<XlCfgSource> literalBlockSource(YamlPosition at) {
        if (at.line() < 1 || at.line() > lines.length) {
            return Optional.empty();
        }
        String indicatorLine = lines[at.line() - 1];
        int column = at.column() - 1;
        if (column < 0 || column >= indicatorLine.length() || indicatorLine.charAt(column) != '|') {
            return Optional.empty();
        }
        String header =
                indicatorLine.substring(column + 1).replaceFirst("\\s+#.*$", "").strip();
        if (!header.matches("[+-]?")) {
            return Optional.empty(); // an explicit indentation indicator: rare, not mapped
        }
        for (int i = at.line(); i < lines.length; i++) {
            String line = lines[i];
            if (!line.isBlank()) {
                int indentation = line.length() - line.stripLeading().length();
                return Optional.of(new XlCfgSource(file, at.line(), indentation));
            }
        }
        return Optional.of(new XlCfgSource(file, at.line(), 0));
    }

    private void checkHostMemory(HostSpec host, List<DomainSpec> domains, Optional<YamlNode> hostNode)
            throws ScenarioException {
        long domUs = 0;
        for (DomainSpec domain : domains) {
            domUs += domain.config().memoryKib();
        }
        long needed = host.dom0MemKib() + domUs + HostSpec.XEN_RESERVED_KIB;
        if (needed > host.memoryKib()) {
            YamlPosition at = YamlPosition.WHOLE_FILE;
            if (hostNode.isPresent()) {
                at = hostNode.get() instanceof Mapping m && m.entries().containsKey("memory")
                        ? m.entries().get("memory").value().position()
                        : hostNode.get().position();
            }
            throw error(
                    at,
                    "host.memory: " + MemorySize.format(host.memoryKib()) + " cannot hold dom0_mem ("
                            + MemorySize.format(host.dom0MemKib()) + "), the domUs' memory ("
                            + MemorySize.format(domUs) + ") and 1MiB for Xen: " + MemorySize.format(needed)
                            + " needed");
        }
    }

    // ---- keys and types ----

    private void checkKeys(Mapping mapping, String path, List<String> known) throws ScenarioException {
        for (Map.Entry<String, Entry> entry : mapping.entries().entrySet()) {
            if (!known.contains(entry.getKey())) {
                String where = path.isEmpty() ? "" : " in " + path;
                String what = path.isEmpty() ? "scenario" : path;
                throw error(
                        entry.getValue().keyPosition(),
                        "unknown key '" + entry.getKey() + "'" + where + NearestName.hint(entry.getKey(), known) + "; "
                                + what + " keys are: " + String.join(", ", known));
            }
        }
    }

    private static Optional<YamlNode> optional(Mapping mapping, String key) {
        Entry entry = mapping.entries().get(key);
        return entry == null ? Optional.empty() : Optional.of(entry.value());
    }

    private Optional<Long> optionalInteger(Mapping mapping, String path, String key, long min, long max)
            throws ScenarioException {
        Optional<YamlNode> node = optional(mapping, key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(integer(node.get(), path, min, max));
    }

    private Mapping mapping(YamlNode node, String path) throws ScenarioException {
        if (node instanceof Mapping mapping) {
            return mapping;
        }
        throw error(node.position(), path + ": expected a map of keys, not " + describe(node));
    }

    private Sequence sequence(YamlNode node, String path) throws ScenarioException {
        if (node instanceof Sequence sequence) {
            return sequence;
        }
        throw error(node.position(), path + ": expected a list (- item), not " + describe(node));
    }

    private String string(YamlNode node, String path) throws ScenarioException {
        if (node instanceof Scalar s && s.type() == ScalarType.STRING) {
            return s.text();
        }
        if (node instanceof Scalar s && s.type() != ScalarType.NULL) {
            throw error(
                    node.position(),
                    path + ": expected text, not " + describe(node) + " (write \"" + s.text() + "\" in quotes)");
        }
        throw error(node.position(), path + ": expected text, not " + describe(node));
    }

    private long integer(YamlNode node, String path, long min, long max) throws ScenarioException {
        if (!(node instanceof Scalar s && s.type() == ScalarType.INTEGER)) {
            throw error(node.position(), path + ": expected a whole number, not " + describe(node));
        }
        BigInteger value = new BigInteger(s.text());
        if (value.compareTo(BigInteger.valueOf(min)) < 0) {
            throw error(node.position(), path + ": must be at least " + min + " (is " + value + ")");
        }
        if (value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error(node.position(), path + ": must be at most " + max + " (is " + value + ")");
        }
        return value.longValueExact();
    }

    private static String describe(YamlNode node) {
        if (node instanceof Scalar s && s.type() != ScalarType.NULL) {
            return s.kindDescription() + " (" + (s.type() == ScalarType.STRING ? "\"" + s.text() + "\"" : s.text())
                    + ")";
        }
        return node.kindDescription();
    }

    private ScenarioException error(YamlPosition at, String problem) {
        return new ScenarioException(file, at, problem);
    }

    private void warn(YamlPosition at, String message) {
        warnings.add(at.in(file) + ": " + message);
    }
}
