package org.pvsim.hypervisor.spi;

/**
 * What the hypervisor core offers a {@link Subsystem}: the only way a subsystem reaches the core. Registration
 * methods are for {@link Subsystem#install}; the services ({@link #domains}, {@link #memory}, {@link #vcpus}, {@link
 * #journal}) may be used at any time while an input is being applied.
 */
public interface SubsystemHost {
    /** Serves hypercall {@code op} ({@code org.pvsim.hypervisor.abi.Hypercall}) with {@code handler}. */
    void registerHypercall(int op, HypercallHandler handler);

    /** Adds a hook told about every domain's creation, death and final destruction. */
    void addDomainHook(SubsystemDomainHook hook);

    /** Replaces where VIRQs go ({@code send_guest_vcpu_virq} and {@code send_guest_global_virq}). */
    void setVirqSink(VirqSink sink);

    /** Installs the answer of {@code SCHEDOP_poll} about a port ({@code evtchn_port_poll}). */
    void setPortPoll(EvtchnPortPoll poll);

    /** Installs where bound PIRQs are sent ({@code send_guest_pirq}). */
    void setPirqSink(PirqSink sink);

    /** The core's PIRQ table: which PIRQs are mapped, and binding a domain to a PIRQ's line. */
    PirqHost pirqs();

    /** Installs the kicks each pCPU consumes at its scheduling points. */
    void setPcpuKicks(PcpuKicks kicks);

    /** Adds the subsystem's part of the auditor. */
    void addAudit(SubsystemAudit audit);

    /** The virtual time now, in nanoseconds. */
    long now();

    /** Read-only facts about domains and vCPUs. */
    DomainQuery domains();

    /** Machine memory, by frame: the shared-info pages and the guest frames a subsystem maps. */
    FrameMemory memory();

    /** What a subsystem may do to vCPUs: wake them, wake pollers, interrupt a pCPU. */
    VcpuEvents vcpus();

    /** The PV MMU's page references and grant mappings, for the grant tables. */
    GrantMmu grantMmu();

    /** Where the subsystem reports its journal outputs. */
    SubsystemJournal journal();
}
