package org.pvsim.hypervisor.journal;

import java.util.List;
import org.pvsim.hypervisor.abi.Hypercall;

/**
 * The first place where a replayed hypervisor did not do what the recording says, with its context: the recorded
 * record's index, kind, domain and vCPU, the hypercall's name for a hypercall record, and what differs, field by field,
 * in words ("result: expected -EINVAL, actual 0").
 *
 * @param index the recorded record's index (BOOT is 0)
 * @param kind the recorded record's kind, or {@code null} if the recording had no record there
 * @param domid the recorded record's domain, or -1
 * @param vcpu the recorded record's vCPU, or -1
 * @param hypercall Xen's name of the recorded hypercall, or of the {@code GNTTABOP_*} of a GNTTAB record; {@code
 *     null} for other records
 * @param differences what differs, one item per field, never empty
 */
public record Divergence(long index, RecordKind kind, int domid, int vcpu, String hypercall, List<String> differences) {
    public Divergence {
        differences = List.copyOf(differences);
        if (differences.isEmpty()) {
            throw new IllegalArgumentException("a divergence says what differs");
        }
    }

    /** The divergence between a recorded record and the one the replayed hypervisor reported in its place. */
    static Divergence between(long index, JournalRecord expected, JournalRecord actual) {
        return of(index, expected, RecordDiff.differences(expected, actual));
    }

    /** A divergence at recorded record {@code index} ({@code expected}, may be null) described by {@code problem}. */
    static Divergence at(long index, JournalRecord expected, String problem) {
        return of(index, expected, List.of(problem));
    }

    private static Divergence of(long index, JournalRecord expected, List<String> differences) {
        if (expected == null) {
            return new Divergence(index, null, JournalFormat.NONE, JournalFormat.NONE, null, differences);
        }
        String name = expected instanceof JournalRecord.Hypercall h
                ? Hypercall.nameOf(h.op())
                : expected instanceof JournalRecord.Gnttab g ? GnttabNames.op(g.op()) : null;
        return new Divergence(index, expected.kind(), expected.domid(), expected.vcpu(), name, differences);
    }

    /** The context: {@code record 17 (HYPERCALL d1v0 mmu_update)}. */
    public String context() {
        StringBuilder s = new StringBuilder("record ").append(index);
        if (kind != null) {
            s.append(" (").append(kind);
            String who = JournalPrinter.who(domid, vcpu);
            if (!who.equals("-")) {
                s.append(' ').append(who);
            }
            if (hypercall != null) {
                s.append(' ').append(hypercall);
            }
            s.append(')');
        }
        return s.toString();
    }

    /** One line: the context, then every difference, separated by {@code "; "}. */
    public String describe() {
        return context() + ": " + String.join("; ", differences);
    }

    @Override
    public String toString() {
        return describe();
    }
}
