package org.pvsim.hypervisor.abi.device;

/**
 * The machine's network card and the wire behind it. A frame takes its bytes on the wire (padded to 60, plus 24 of
 * preamble, FCS and gap) at {@code rateMbps}, plus {@code perFrameNs} of the card's own work; the wire peer's echo
 * arrives {@code wireLatencyNs} later (each way), serialised at the same rate.
 *
 * @param rateMbps line rate in Mb/s (10 Gb/s is 10000)
 * @param perFrameNs the card's cost per frame
 * @param wireLatencyNs one-way propagation and switching delay to the wire peer
 */
public record NicSpec(long rateMbps, long perFrameNs, long wireLatencyNs) {
    /** A 10 Gb/s card, 100 ns per frame, 2 us to the peer. */
    public static final NicSpec DEFAULT = new NicSpec(10_000, 100, 2_000);

    public NicSpec {
        if (rateMbps <= 0 || perFrameNs < 0 || wireLatencyNs < 0) {
            throw new IllegalArgumentException("a NIC needs a rate > 0 and costs >= 0, not " + rateMbps + " Mb/s, "
                    + perFrameNs + " ns/frame, " + wireLatencyNs + " ns latency");
        }
    }

    /** Nanoseconds a frame of {@code length} bytes (without FCS) occupies the wire. */
    public long wireNs(int length) {
        long bits = (long) (Math.max(length, 60) + 24) * 8;
        return bits * 1000 / rateMbps;
    }
}
