package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.guest.PvKernel;
import org.pvsim.guest.WorkloadCatalog;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.audit.Violation;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.exec.ExecutionCosts;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;

/**
 * A host for xl tests: the given scheduler and pCPUs, dom0 running the toolstack, the auditor after every hypercall,
 * and domains created by the toolstack. Commands are queued for given times ({@link #at}), then the host runs until dom0
 * has run them all ({@link #runAll}).
 */
final class XlHost {
    static final long MS = 1_000_000L;

    final Toolstack toolstack = new Toolstack();
    final Hypervisor hv;
    private final GuestExecution exec;
    private final List<String> problems = new ArrayList<>();
    private final List<Toolstack.XlInvocation> queued = new ArrayList<>();

    XlHost(String scheduler, int pcpus) {
        this(scheduler, pcpus, false);
    }

    /**
     * With {@code events}, the host has event channels and grant tables, so dom0 runs xenstored and xenconsoled and
     * every domU gets its xenstore and console rings; without, neither (the guests use Xen's console).
     */
    XlHost(String scheduler, int pcpus, boolean events) {
        this(scheduler, pcpus, events, null);
    }

    /** As above, with one more workload guests may run ({@code extra}, or {@code null}). */
    XlHost(String scheduler, int pcpus, boolean events, WorkloadSpec extra) {
        this(scheduler, pcpus, events, extra, 1);
    }

    /** As above, with {@code dom0Vcpus} vCPUs in dom0. */
    XlHost(String scheduler, int pcpus, boolean events, WorkloadSpec extra, int dom0Vcpus) {
        BootParameters params = new BootParameters(
                "test", "test", 1, pcpus, 32768, scheduler, 4096, dom0Vcpus, "pvsim-pv", "workload=toolstack");
        hv = events
                ? HostBoot.boot(params, Journal.OFF, List.of(new EventChannels(), new GrantTables()))
                : HostBoot.boot(params, Journal.OFF);
        WorkloadCatalog standard = WorkloadCatalog.standard().with(ToolstackWorkload.spec(toolstack));
        WorkloadCatalog catalog = extra == null ? standard : standard.with(extra);
        exec = new GuestExecution(hv, (domid, image) -> new PvKernel(catalog), ExecutionCosts.DEFAULT);
        Auditor auditor = new Auditor(hv);
        hv.setHypercallObserver((v, op, r) -> {
            if (problems.isEmpty()) {
                for (Violation x : auditor.audit()) {
                    problems.add(v + " " + Hypercall.nameOf(op) + ": " + x);
                }
            }
        });
    }

    /** A spec with xl.cfg's defaults and {@code vcpus} vCPUs, running {@code workload}. */
    static DomainBuildSpec spec(String name, int vcpus, String workload) {
        return new DomainBuildSpec(
                name,
                new byte[16],
                4096,
                vcpus,
                vcpus,
                "pvsim-pv",
                "workload=" + workload + " pvsim.vcpus=" + vcpus,
                1023,
                64,
                1024,
                2);
    }

    /** Queues {@code spec}'s creation; run {@link #runUntil} or {@link #xl} to have it happen. */
    Toolstack.Creation create(DomainBuildSpec spec) {
        return toolstack.create(spec);
    }

    void runUntil(long ns) {
        exec.runUntil(ns);
        assertThat(problems).as("invariants").isEmpty();
        assertThat(hv.bugs()).as("hypervisor bugs").isEmpty();
    }

    /**
     * Queues {@code command} for dom0 at virtual time {@code atNs} (after the commands queued before it). Queue every
     * command before {@link #runAll}: an idle dom0 sleeps until its next queued command is due, and a command queued
     * while it sleeps waits for its next wake-up.
     */
    Toolstack.XlInvocation at(long atNs, XlCommand command) {
        Toolstack.XlInvocation x = toolstack.xl(command, atNs);
        queued.add(x);
        return x;
    }

    /** Runs the host until dom0 has run every queued xl command (at most 1 s past the last one's time). */
    void runAll() {
        long last = queued.stream()
                .mapToLong(Toolstack.XlInvocation::notBeforeNs)
                .max()
                .orElse(hv.now());
        long deadline = Math.max(last, hv.now()) + 1000 * MS;
        long t = hv.now();
        while (queued.stream().anyMatch(x -> !x.isDone()) && t < deadline) {
            t += MS;
            exec.runUntil(t);
        }
        for (Toolstack.XlInvocation x : queued) {
            assertThat(x.isDone()).as("dom0 ran " + x.command().argv()).isTrue();
        }
        assertThat(problems).as("invariants").isEmpty();
        assertThat(hv.bugs()).as("hypervisor bugs").isEmpty();
        for (Toolstack.Creation c : toolstack.creations()) {
            assertThat(c.isDone()).as("created " + c.spec().name()).isTrue();
        }
    }

    /** Queues {@code command} at {@code atNs}, runs everything queued, and returns what xl did. */
    Toolstack.XlInvocation xl(long atNs, XlCommand command) {
        Toolstack.XlInvocation x = at(atNs, command);
        runAll();
        return x;
    }
}
