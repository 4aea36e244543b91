package org.pvsim.dom0.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pvsim.dom0.toolstack.Dom0Fault;
import org.pvsim.hypervisor.abi.device.DiskSpec;
import org.pvsim.hypervisor.abi.device.NicSpec;

/**
 * Writes a {@link ResolvedScenario} as {@code scenario.resolved.yaml}: every default written out (durations and sizes
 * in their largest exact unit, each domain's xl.cfg inlined with every key it resolves to, workload arguments with
 * their defaults). The file is itself a scenario: loading it gives the same resolved scenario, so a run can be
 * repeated from its folder alone.
 */
public final class ResolvedScenarioWriter {

    /** The file name inside a run folder. */
    public static final String FILE_NAME = "scenario.resolved.yaml";

    private static final String HEADER = "# The scenario as pvsim ran it, with every default filled in.\n"
            + "# `pvsim run " + FILE_NAME + "` runs it again.\n";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();

    private ResolvedScenarioWriter() {}

    /** The YAML text, with a comment header. */
    public static String toYaml(ResolvedScenario scenario) {
        ObjectNode root = YAML.createObjectNode();
        root.put("name", scenario.name());
        if (scenario.description() != null) {
            root.put("description", scenario.description());
        }
        root.put("seed", scenario.seed());
        root.put("duration", VirtualDuration.format(scenario.durationNs()));
        ObjectNode host = root.putObject("host");
        host.put("pcpus", scenario.host().pcpus());
        host.put("memory", MemorySize.format(scenario.host().memoryKib()));
        host.put("scheduler", scenario.host().scheduler().xenName());
        host.put("dom0_mem", MemorySize.format(scenario.host().dom0MemKib()));
        host.put("dom0_max_vcpus", scenario.host().dom0MaxVcpus());
        host.put("sockets", scenario.host().sockets());
        host.put("threads_per_core", scenario.host().threadsPerCore());
        host.put("xen_cmdline", scenario.host().xenCmdline());
        DiskSpec disk = scenario.host().devices().disk();
        ObjectNode d = host.putObject("disk");
        d.put("preset", disk.preset());
        d.put("size", MemorySize.format(disk.sectors() / 2));
        d.put("latency", VirtualDuration.format(disk.latencyNs()));
        if (disk.accessNs() == 0) {
            d.put("seek", 0);
        } else {
            d.put("seek", VirtualDuration.format(disk.accessNs()));
        }
        d.put("bandwidth", DeviceRates.formatBandwidth(disk.bytesPerSecond()));
        d.put("queue_depth", disk.queueDepth());
        NicSpec nic = scenario.host().devices().nic();
        ObjectNode n = host.putObject("nic");
        n.put("rate", DeviceRates.formatLine(nic.rateMbps()));
        n.put("frame_cost", VirtualDuration.format(nic.perFrameNs()));
        n.put("latency", VirtualDuration.format(nic.wireLatencyNs()));
        ArrayNode domains = root.putArray("domains");
        for (DomainSpec domain : scenario.domains()) {
            ObjectNode node = domains.addObject();
            node.put("config", domain.config().toXlCfg());
            node.put("workload", domain.workload());
            ObjectNode args = node.putObject("args");
            domain.args().forEach(args::put);
        }
        if (!scenario.actions().isEmpty()) {
            ArrayNode actions = root.putArray("actions");
            for (ScenarioAction action : scenario.actions()) {
                ObjectNode node = actions.addObject();
                node.put("at", VirtualDuration.format(action.atNs()));
                node.put(action.command() instanceof Dom0Fault ? "fault" : "xl", action.xl());
            }
        }
        try {
            return HEADER + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    /** Writes {@link #toYaml} to {@code file} (UTF-8). */
    public static void write(ResolvedScenario scenario, Path file) {
        try {
            Files.writeString(file, toYaml(scenario), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
