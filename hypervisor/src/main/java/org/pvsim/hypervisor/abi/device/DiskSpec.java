package org.pvsim.hypervisor.abi.device;

/**
 * The machine's disk: its size and how long it takes. A command's completion time is modelled as: a fixed {@code
 * latencyNs} (controller and media), plus {@code accessNs} when it does not continue where the last one ended (an HDD's
 * seek and rotation; 0 for flash), plus its bytes at {@code bytesPerSecond}. A {@code serial} disk (one actuator)
 * serves one command at a time in arrival order; a parallel one overlaps the latencies and shares only the bandwidth.
 *
 * @param preset the name this was made from ({@code nvme}, {@code hdd}) or {@code custom}
 * @param sectors capacity in 512-byte sectors
 * @param latencyNs fixed time per command
 * @param accessNs extra time for a non-sequential command
 * @param bytesPerSecond transfer bandwidth
 * @param queueDepth the most commands outstanding
 * @param serial whether commands are served one at a time
 */
public record DiskSpec(
        String preset,
        long sectors,
        long latencyNs,
        long accessNs,
        long bytesPerSecond,
        int queueDepth,
        boolean serial) {
    /** The default capacity: 1 GiB. */
    public static final long DEFAULT_SECTORS = (1L << 30) / 512;

    public DiskSpec {
        if (sectors <= 0
                || latencyNs < 0
                || accessNs < 0
                || bytesPerSecond <= 0
                || queueDepth < 1
                || queueDepth > 256) {
            throw new IllegalArgumentException("a disk needs sectors > 0, latency and access >= 0, bandwidth > 0 and"
                    + " a queue depth of 1..256, not " + sectors + "/" + latencyNs + "/" + accessNs + "/"
                    + bytesPerSecond + "/" + queueDepth);
        }
    }

    /** An NVMe flash disk: 80 us per command, no seek, 2 GB/s, 64 commands in flight, in parallel. */
    public static DiskSpec nvme(long sectors) {
        return new DiskSpec("nvme", sectors, 80_000, 0, 2_000_000_000L, 64, false);
    }

    /**
     * A 7200 rpm hard disk: 100 us of controller time, 8.3 ms to reach a block not next to the last (4.2 ms average
     * seek and 4.17 ms, half a turn), 150 MB/s, NCQ depth 32, one command at a time.
     */
    public static DiskSpec hdd(long sectors) {
        return new DiskSpec("hdd", sectors, 100_000, 8_300_000, 150_000_000L, 32, true);
    }

    /** The preset named {@code name} ({@code nvme}, {@code hdd}), or {@code null}. */
    public static DiskSpec preset(String name, long sectors) {
        switch (name) {
            case "nvme":
                return nvme(sectors);
            case "hdd":
                return hdd(sectors);
            default:
                return null;
        }
    }

    /** Nanoseconds to move {@code bytes} at this disk's bandwidth. */
    public long transferNs(long bytes) {
        return bytes * 1_000_000_000L / bytesPerSecond;
    }
}
