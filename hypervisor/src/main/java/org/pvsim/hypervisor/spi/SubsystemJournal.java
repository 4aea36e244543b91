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
}
