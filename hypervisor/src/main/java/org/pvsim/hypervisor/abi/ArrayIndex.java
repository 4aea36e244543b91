package org.pvsim.hypervisor.abi;

/** Bounds checks for the array-element offset methods of the Descriptor classes. */
public final class ArrayIndex {
    private ArrayIndex() {}

    /**
     * Returns {@code index} if {@code 0 <= index < count}.
     *
     * @param array the array as Xen names it, for example {@code "shared_info.vcpu_info"}
     * @param bound how Xen names the bound, for example {@code "XEN_LEGACY_MAX_VCPUS"}
     * @throws IllegalArgumentException naming the array, the allowed range and the bad index
     */
    public static int check(String array, int index, int count, String bound) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(String.format(
                    "%s index must be in 0..%d (%s = %d), got %d", array, count - 1, bound, count, index));
        }
        return index;
    }
}
