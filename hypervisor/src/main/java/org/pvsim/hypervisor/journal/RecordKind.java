package org.pvsim.hypervisor.journal;

/**
 * The kinds of journal record. The codes are part of the format ({@link JournalFormat}): never renumber them; code 0
 * is never a kind, so zeroed bytes never read as a record.
 */
public enum RecordKind {
    /** The first record: magic, format version and the boot parameters. */
    BOOT(1, false),
    /** An input: a hypercall, its arguments, the guest bytes it read and wrote, its result. */
    HYPERCALL(2, true),
    /** An input: a guest store to its own memory. */
    GUEST_WRITE(3, true),
    /** An input: a guest fault that stops the domain's code. */
    GUEST_FAULT(4, true),
    /** An input: one {@code do_schedule} on one physical CPU, and what it decided. */
    SCHEDULE(5, true),
    /** An output: a domain lifecycle step. */
    LIFECYCLE(6, false),
    /** The trailer of a cleanly closed journal: the number of records before it. */
    END(7, false),
    /** An input: a hypervisor timer fired. */
    TIMER(8, true),
    /** An output: a trace event with Xen's {@code TRC_*} id. */
    TRACE(9, false),
    /** An event upcall delivered to a vCPU: an input. */
    UPCALL(10, true),
    /** An event-channel event (send, pending change, upcall pending): an output. */
    EVTCHN(11, false),
    /** One element of a grant-table operation ({@code GNTTABOP_*}) and its status: an output. */
    GNTTAB(12, false),
    /**
     * An input: a guest's port I/O instruction, which traps to the hypervisor and is emulated against the machine's
     * devices (Xen's {@code emulate_privileged_op}); outputs it causes follow it as consequences.
     */
    PORT_IO(13, true);

    private static final RecordKind[] BY_CODE = new RecordKind[14];

    static {
        for (RecordKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    /** The code stored in a record's kind byte. */
    public final int code;

    private final boolean input;

    RecordKind(int code, boolean input) {
        this.code = code;
        this.input = input;
    }

    /** Whether replay applies records of this kind to the target (the others are produced by it). */
    public boolean isInput() {
        return input;
    }

    /** The kind with this code, or {@code null}. */
    public static RecordKind ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
