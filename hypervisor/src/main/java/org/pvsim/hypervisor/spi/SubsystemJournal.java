package org.pvsim.hypervisor.spi;

/**
 * Where a subsystem reports its journal outputs. An output reported while an input is being applied is recorded as
 * that input's consequence; replay recomputes it and compares. Allocates nothing.
 */
public interface SubsystemJournal {
    /**
     * An event-channel event ({@link EvtchnEvent}) of port {@code port} of domain {@code domid}, concerning vCPU
     * {@code vcpu} (-1 for none).
     */
    void evtchn(EvtchnEvent event, int domid, int vcpu, int port, long arg);

    /**
     * One element of a grant-table operation (GNTTAB output record): {@code op} is the {@code GNTTABOP_*} number,
     * {@code domid} the caller, {@code remoteDomid} the other domain named (-1 for none), {@code ref} the grant
     * reference or handle the element names, {@code status} its {@code GNTST_*} (or errno) result, and {@code arg} what
     * it returned (a handle, a frame, a count).
     */
    void gnttab(int op, int domid, int remoteDomid, long ref, int status, long arg);
}
