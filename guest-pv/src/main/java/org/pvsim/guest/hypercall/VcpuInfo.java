package org.pvsim.guest.hypercall;

/**
 * One vCPU's state as {@code XEN_DOMCTL_getvcpuinfo} reports it ({@code struct xen_domctl_getvcpuinfo}, {@code
 * xen/include/public/domctl.h}): what {@code xl vcpu-list} prints.
 *
 * @param online not taken down ({@code _VPF_down} clear)
 * @param blocked waiting for an event ({@code _VPF_blocked})
 * @param running on a physical CPU now
 * @param cpuTimeNs ns spent running
 * @param cpu the physical CPU it runs or last ran on
 */
public record VcpuInfo(boolean online, boolean blocked, boolean running, long cpuTimeNs, int cpu) {}
