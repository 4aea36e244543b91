/**
 * Event channels (EVTCHNOP_*): port tables, the 2-level and FIFO ABIs, VIRQs and upcall delivery over Disruptor rings. Arrives with the event-channel issue; until then only its abi package exists.
 */
package org.pvsim.evtchn;
