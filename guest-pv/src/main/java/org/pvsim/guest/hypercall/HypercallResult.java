package org.pvsim.guest.hypercall;

import org.pvsim.hypervisor.abi.Errno;

/**
 * What a hypercall that answers in guest memory returned: Xen's result code and, when it succeeded, the answer the
 * wrapper read back and decoded.
 *
 * @param rc 0 (or another non-negative result) on success, else the negated {@code Errno}
 * @param value the decoded answer, or {@code null} when the call failed
 * @param <T> the answer's type
 */
public record HypercallResult<T>(long rc, T value) {

    /** A call that succeeded with {@code value}. */
    public static <T> HypercallResult<T> of(long rc, T value) {
        return new HypercallResult<>(rc, value);
    }

    /** A call that failed with {@code rc}; it has no value. */
    public static <T> HypercallResult<T> failed(long rc) {
        return new HypercallResult<>(rc, null);
    }

    /** Whether the call succeeded. */
    public boolean ok() {
        return rc >= 0;
    }

    @Override
    public String toString() {
        return ok() ? "ok " + value : "failed: " + Errno.describe(rc);
    }
}
