package org.pvsim.hypervisor.audit;

/**
 * One broken invariant found by the {@link Auditor}.
 *
 * @param invariant the id in {@code INVARIANTS.md}, e.g. {@code I5}
 * @param message what is wrong, naming the frame, domain or entry
 */
public record Violation(String invariant, String message) {
    @Override
    public String toString() {
        return invariant + ": " + message;
    }
}
