package org.pvsim.dom0.run;

import java.util.Optional;
import java.util.ServiceLoader;
import org.pvsim.dom0.scenario.WorkloadCatalog;

/**
 * The engine's implementations of the command line's interfaces, each present or not.
 *
 * @param simulation runs scenarios
 * @param replayer replays journals
 * @param workloads the workload catalog
 * @param xl runs xl commands on a scenario's host ({@code pvsim xl})
 * @param dumper prints journals ({@code pvsim journal dump})
 * @param liveHosts starts live hosts ({@code pvsim shell})
 */
public record EngineServices(
        Optional<Simulation> simulation,
        Optional<JournalReplayer> replayer,
        Optional<WorkloadCatalog> workloads,
        Optional<XlRunner> xl,
        Optional<JournalDumper> dumper,
        Optional<LiveHosts> liveHosts) {

    /** The first five services, without live hosts. */
    public EngineServices(
            Optional<Simulation> simulation,
            Optional<JournalReplayer> replayer,
            Optional<WorkloadCatalog> workloads,
            Optional<XlRunner> xl,
            Optional<JournalDumper> dumper) {
        this(simulation, replayer, workloads, xl, dumper, Optional.empty());
    }

    /** The first four services, without a journal dumper. */
    public EngineServices(
            Optional<Simulation> simulation,
            Optional<JournalReplayer> replayer,
            Optional<WorkloadCatalog> workloads,
            Optional<XlRunner> xl) {
        this(simulation, replayer, workloads, xl, Optional.empty());
    }

    /** The first three services, without an xl runner. */
    public EngineServices(
            Optional<Simulation> simulation, Optional<JournalReplayer> replayer, Optional<WorkloadCatalog> workloads) {
        this(simulation, replayer, workloads, Optional.empty());
    }

    /** Finds the implementations registered for {@link ServiceLoader} on the class path (the first of each). */
    public static EngineServices discover() {
        return new EngineServices(
                ServiceLoader.load(Simulation.class).findFirst(),
                ServiceLoader.load(JournalReplayer.class).findFirst(),
                ServiceLoader.load(WorkloadCatalog.class).findFirst(),
                ServiceLoader.load(XlRunner.class).findFirst(),
                ServiceLoader.load(JournalDumper.class).findFirst(),
                ServiceLoader.load(LiveHosts.class).findFirst());
    }

    /** The first three implementations, for tests and embedding (no xl runner). */
    public static EngineServices of(Simulation simulation, JournalReplayer replayer, WorkloadCatalog workloads) {
        return new EngineServices(Optional.of(simulation), Optional.of(replayer), Optional.of(workloads));
    }

    /** The first four implementations, without a journal dumper. */
    public static EngineServices of(
            Simulation simulation, JournalReplayer replayer, WorkloadCatalog workloads, XlRunner xl) {
        return new EngineServices(
                Optional.of(simulation), Optional.of(replayer), Optional.of(workloads), Optional.of(xl));
    }

    /** All five implementations. */
    public static EngineServices of(
            Simulation simulation,
            JournalReplayer replayer,
            WorkloadCatalog workloads,
            XlRunner xl,
            JournalDumper dumper) {
        return new EngineServices(
                Optional.of(simulation),
                Optional.of(replayer),
                Optional.of(workloads),
                Optional.of(xl),
                Optional.of(dumper));
    }

    /** This engine with {@code dumper} as its journal dumper, for tests. */
    public EngineServices withDumper(JournalDumper dumper) {
        return new EngineServices(simulation, replayer, workloads, xl, Optional.of(dumper), liveHosts);
    }

    /** This engine with {@code hosts} as its live hosts, for tests. */
    public EngineServices withLiveHosts(LiveHosts hosts) {
        return new EngineServices(simulation, replayer, workloads, xl, dumper, Optional.of(hosts));
    }

    /** No implementations: what a build without the engine has. */
    public static EngineServices none() {
        return new EngineServices(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** The message for a missing implementation of {@code type}. */
    public static String missing(Class<?> type) {
        return "this build has no simulation engine: no implementation of " + type.getName()
                + " is registered (META-INF/services); it arrives with the engine in org.pvsim.dom0.boot";
    }
}
