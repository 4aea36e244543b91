package org.pvsim.dom0.backend.blkback;

/**
 * One virtual disk's counters as xentop shows them ({@code VBD_OO}, {@code VBD_RD}, {@code VBD_WR}, {@code VBD_RSECT},
 * {@code VBD_WSECT}; blkback's {@code statistics/} in sysfs).
 *
 * @param oo requests that had to wait because the store was busy ({@code oo_req})
 * @param rdReqs read requests
 * @param wrReqs write requests
 * @param rdSect sectors read
 * @param wrSect sectors written
 */
public record VbdStats(long oo, long rdReqs, long wrReqs, long rdSect, long wrSect) {
    /** No disk, no I/O. */
    public static final VbdStats NONE = new VbdStats(0, 0, 0, 0, 0);

    /** The sum of two disks' counters. */
    public VbdStats plus(VbdStats o) {
        return new VbdStats(oo + o.oo, rdReqs + o.rdReqs, wrReqs + o.wrReqs, rdSect + o.rdSect, wrSect + o.wrSect);
    }
}
