package org.pvsim.dom0.scenario;

import java.util.List;
import java.util.Objects;

/**
 * A checked scenario with every default filled in: what a run needs, and what {@code scenario.resolved.yaml} records.
 * The engine builds dom0 from {@link #host()} and one domU per element of {@link #domains()}, in order.
 *
 * @param name the scenario's name ({@code [A-Za-z0-9][A-Za-z0-9._-]*}; used in the run folder name)
 * @param description its one-line description, or null
 * @param seed the seed of every random choice in the run (0 or more)
 * @param durationNs virtual time to simulate, in ns (more than 0)
 * @param host the host
 * @param domains the domUs, in the scenario's order; names are unique and none is {@code Domain-0}
 * @param warnings what the user should know (pending scheduler, pending or unknown xl.cfg keys), each starting with
 *     its {@code file:line:column}
 * @param source where the scenario came from: the file as the user named it, or {@code scenarios/NAME.yaml} for a
 *     built-in
 * @param actions xl commands dom0 runs during the run ({@code actions:}), in time order (equal times in the file's
 *     order)
 */
public record ResolvedScenario(
        String name,
        String description,
        long seed,
        long durationNs,
        HostSpec host,
        List<DomainSpec> domains,
        List<String> warnings,
        String source,
        List<ScenarioAction> actions) {

    /** The name of dom0 in {@code xl list}; no domU may take it. */
    public static final String DOM0_NAME = "Domain-0";

    /** Default {@code seed}. */
    public static final long DEFAULT_SEED = 1;

    /** Default {@code duration} in ns (5 s). */
    public static final long DEFAULT_DURATION_NS = 5_000_000_000L;

    /** Checks mandatory components and copies the lists. */
    public ResolvedScenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
        domains = List.copyOf(domains);
        warnings = List.copyOf(warnings);
        actions = actions.stream()
                .sorted(java.util.Comparator.comparingLong(ScenarioAction::atNs))
                .toList();
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be 0 or more: " + seed);
        }
        if (durationNs <= 0) {
            throw new IllegalArgumentException("duration must be more than 0: " + durationNs);
        }
    }

    /** A scenario without actions. */
    public ResolvedScenario(
            String name,
            String description,
            long seed,
            long durationNs,
            HostSpec host,
            List<DomainSpec> domains,
            List<String> warnings,
            String source) {
        this(name, description, seed, durationNs, host, domains, warnings, source, List.of());
    }

    /** This scenario with other actions (what {@code pvsim shell}'s {@code save-run} records). */
    public ResolvedScenario withActions(List<ScenarioAction> newActions) {
        return new ResolvedScenario(name, description, seed, durationNs, host, domains, warnings, source, newActions);
    }

    /** This scenario with another seed (the {@code --seed} option). */
    public ResolvedScenario withSeed(long newSeed) {
        return new ResolvedScenario(name, description, newSeed, durationNs, host, domains, warnings, source, actions);
    }

    /** This scenario on a host running another scheduler (the {@code --scheduler} option). */
    public ResolvedScenario withScheduler(HostScheduler scheduler) {
        HostSpec h = host;
        HostSpec other = new HostSpec(
                h.pcpus(),
                h.memoryKib(),
                scheduler,
                h.dom0MemKib(),
                h.dom0MaxVcpus(),
                h.sockets(),
                h.threadsPerCore(),
                h.xenCmdline(),
                h.devices());
        return new ResolvedScenario(name, description, seed, durationNs, other, domains, warnings, source, actions);
    }

    /** This scenario with another duration (the {@code --duration} option). */
    public ResolvedScenario withDurationNs(long newDurationNs) {
        return new ResolvedScenario(name, description, seed, newDurationNs, host, domains, warnings, source, actions);
    }
}
