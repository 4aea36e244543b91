package org.pvsim.guest.hypercall;

import java.util.BitSet;

/**
 * A vCPU's hard and soft affinity as {@code XEN_DOMCTL_getvcpuaffinity} returns it, or as {@code
 * XEN_DOMCTL_setvcpuaffinity} writes back the effective affinity ({@code struct xen_domctl_vcpuaffinity}, {@code
 * xen/include/public/domctl.h}). Bit {@code n} set means physical CPU {@code n}.
 *
 * @param hard the hard affinity (pinning), or {@code null} if the call did not ask for it
 * @param soft the soft affinity (preference), or {@code null} if the call did not ask for it
 */
public record VcpuAffinity(BitSet hard, BitSet soft) {

    /** Copies the bit sets, so that the record stays a value. */
    public VcpuAffinity {
        hard = hard == null ? null : (BitSet) hard.clone();
        soft = soft == null ? null : (BitSet) soft.clone();
    }

    @Override
    public BitSet hard() {
        return hard == null ? null : (BitSet) hard.clone();
    }

    @Override
    public BitSet soft() {
        return soft == null ? null : (BitSet) soft.clone();
    }
}
