package org.pvsim.dom0.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * Writes a {@link RunReport} as {@code stats.json}: snake_case keys in a fixed order, pretty-printed with two-space
 * indentation and {@code \n} line ends, ending with a newline. Domains are in id order and hypercalls in name order,
 * so two identical runs give byte-identical files apart from {@code wall_ns}.
 *
 * <pre>
 * { "scenario", "seed", "virtual_ns", "wall_ns", "journal_records", "journal_sha256", "warnings": [...],
 *   "host": { "pcpus", "memory_kib", "free_memory_kib" },
 *   "domains": [ { "id", "name", "state", "shutdown_reason", "cpu_ns", "memory_kib", "max_memory_kib",
 *                  "vcpus_online", "vcpus": [ { "id", "running_ns", "runnable_ns", "blocked_ns", "offline_ns" } ],
 *                  "hypercalls": { name: count } } ],
 *   "scheduling": { "scheduler", "pcpu_busy_ns": [...],
 *                   "domains": [ { "id", "name", "weight", "cap", "cpu_percent", "fair_percent", "wakeups",
 *                                  "latency_p50_ns", "latency_p99_ns", "latency_max_ns", "migrations" } ] },
 *   "xl_actions": [ { "at_ns", "xl", "ran_at_ns", "exit_code", "output" } ] }
 * </pre>
 *
 * {@code xl_actions} is there only when the run had timed xl commands; {@code ran_at_ns} and {@code exit_code} are
 * -1 for one that did not run before the end.
 *
 * In {@code scheduling}, {@code weight} and {@code cap} are -1 under a policy without them (rtds, null, rr), and
 * {@code fair_percent} -1 when the policy does not share by weight; percentages are of one pCPU, rounded to 0.01.
 *
 * {@code state} is the six {@code xl list} letters; {@code shutdown_reason} is null or one of {@code poweroff},
 * {@code reboot}, {@code suspend}, {@code crash}, {@code watchdog}, {@code soft_reset}.
 */
public final class StatsJson {

    /** The file name inside a run folder. */
    public static final String FILE_NAME = "stats.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatsJson() {}

    /** The JSON text, ending with a newline. */
    public static String toJson(RunReport report) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(tree(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    /** Writes {@link #toJson} to {@code file} (UTF-8). */
    public static void write(RunReport report, Path file) {
        try {
            Files.writeString(file, toJson(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The report as a JSON tree with the documented key order. */
    public static ObjectNode tree(RunReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scenario", report.scenario());
        root.put("seed", report.seed());
        root.put("virtual_ns", report.virtualNs());
        root.put("wall_ns", report.wallNs());
        root.put("journal_records", report.journalRecords());
        root.put("journal_sha256", report.journalSha256());
        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warnings::add);
        ObjectNode host = root.putObject("host");
        host.put("pcpus", report.host().pcpus());
        host.put("memory_kib", report.host().memoryKib());
        host.put("free_memory_kib", report.host().freeMemoryKib());
        ArrayNode domains = root.putArray("domains");
        report.domains().stream()
                .sorted(Comparator.comparingInt(DomainStats::id))
                .forEach(d -> domains.add(domain(d)));
        root.set("scheduling", scheduling(report.scheduling()));
        if (!report.xlActions().isEmpty()) {
            ArrayNode actions = root.putArray("xl_actions");
            for (XlActionResult r : report.xlActions()) {
                ObjectNode o = actions.addObject();
                o.put("at_ns", r.atNs());
                o.put("xl", r.xl());
                o.put("ran_at_ns", r.ranAtNs());
                o.put("exit_code", r.exitCode());
                o.put("output", r.output());
            }
        }
        return root;
    }

    private static ObjectNode scheduling(SchedulingStats s) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("scheduler", s.scheduler());
        ArrayNode busy = node.putArray("pcpu_busy_ns");
        s.pcpuBusyNs().forEach(busy::add);
        ArrayNode domains = node.putArray("domains");
        s.domains().stream()
                .sorted(Comparator.comparingInt(SchedulingStats.DomainScheduling::id))
                .forEach(d -> {
                    ObjectNode o = domains.addObject();
                    o.put("id", d.id());
                    o.put("name", d.name());
                    o.put("weight", d.weight());
                    o.put("cap", d.cap());
                    o.put("cpu_percent", Math.round(d.cpuPercent() * 100) / 100.0);
                    o.put("fair_percent", d.fairPercent() < 0 ? -1 : Math.round(d.fairPercent() * 100) / 100.0);
                    o.put("wakeups", d.wakeups());
                    o.put("latency_p50_ns", d.latencyP50Ns());
                    o.put("latency_p99_ns", d.latencyP99Ns());
                    o.put("latency_max_ns", d.latencyMaxNs());
                    o.put("migrations", d.migrations());
                });
        return node;
    }

    private static ObjectNode domain(DomainStats d) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", d.id());
        node.put("name", d.name());
        node.put("state", d.state().letters());
        if (d.state().shutdownReason() == null) {
            node.putNull("shutdown_reason");
        } else {
            node.put("shutdown_reason", d.state().shutdownReason().shortName());
        }
        node.put("cpu_ns", d.cpuNs());
        node.put("memory_kib", d.memoryKib());
        node.put("max_memory_kib", d.maxMemoryKib());
        node.put("vcpus_online", d.vcpusOnline());
        ArrayNode vcpus = node.putArray("vcpus");
        d.vcpus().stream().sorted(Comparator.comparingInt(VcpuStats::id)).forEach(v -> {
            ObjectNode vcpu = vcpus.addObject();
            vcpu.put("id", v.id());
            vcpu.put("running_ns", v.runningNs());
            vcpu.put("runnable_ns", v.runnableNs());
            vcpu.put("blocked_ns", v.blockedNs());
            vcpu.put("offline_ns", v.offlineNs());
        });
        ObjectNode hypercalls = node.putObject("hypercalls");
        for (Map.Entry<String, Long> count : d.hypercalls().entrySet()) {
            hypercalls.put(count.getKey(), count.getValue());
        }
        return node;
    }
}
