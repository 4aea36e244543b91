package org.pvsim.dom0.report;

/**
 * Where one vCPU's virtual time went, by runstate ({@code RUNSTATE_*}, {@code vcpu_runstate_info.time[]}).
 *
 * @param id the vCPU id
 * @param runningNs time running on a pCPU
 * @param runnableNs time ready to run but waiting for a pCPU
 * @param blockedNs time blocked (waiting for an event)
 * @param offlineNs time offline or paused
 */
public record VcpuStats(int id, long runningNs, long runnableNs, long blockedNs, long offlineNs) {}
