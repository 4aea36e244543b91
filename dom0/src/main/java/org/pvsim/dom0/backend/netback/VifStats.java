package org.pvsim.dom0.backend.netback;

/**
 * One vif's counters from the guest's point of view (tx: what the guest sent), as xentop shows NETTX and NETRX.
 *
 * @param txPackets frames the guest sent
 * @param txBytes their bytes
 * @param rxPackets frames the guest received
 * @param rxBytes their bytes
 * @param txDropped frames the guest sent that netback refused
 * @param rxDropped frames for the guest dropped because it had posted no buffer
 */
public record VifStats(long txPackets, long txBytes, long rxPackets, long rxBytes, long txDropped, long rxDropped) {
    /** No vif, no traffic. */
    public static final VifStats NONE = new VifStats(0, 0, 0, 0, 0, 0);

    /** The sum of two vifs' counters. */
    public VifStats plus(VifStats o) {
        return new VifStats(
                txPackets + o.txPackets,
                txBytes + o.txBytes,
                rxPackets + o.rxPackets,
                rxBytes + o.rxBytes,
                txDropped + o.txDropped,
                rxDropped + o.rxDropped);
    }
}
