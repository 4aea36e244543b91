package org.pvsim.hypervisor.journal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One decoded journal record: what {@link JournalReader} returns. Each kind of {@link RecordKind} has its record type
 * here, holding every field its bytes hold, so that encoding a decoded record gives back the same bytes. Byte arrays
 * are owned by the record and compared by content.
 */
public sealed interface JournalRecord {

    /** The record's kind. */
    RecordKind kind();

    /** The header's domain: a domid, or -1 (none; in SCHED_SWITCH, the idle vCPU). */
    int domid();

    /** The header's vCPU, or -1 for none. */
    int vcpu();

    /** The header's virtual time in nanoseconds. */
    long time();

    /** BOOT: the first record. Header domid and vCPU -1, time 0. */
    record Boot(int formatVersion, BootParameters params) implements JournalRecord {
        public Boot {
            Objects.requireNonNull(params, "params");
        }

        @Override
        public RecordKind kind() {
            return RecordKind.BOOT;
        }

        @Override
        public int domid() {
            return JournalFormat.NONE;
        }

        @Override
        public int vcpu() {
            return JournalFormat.NONE;
        }

        @Override
        public long time() {
            return 0;
        }
    }

    /**
     * One guest access a hypercall made, in order: a read ({@code copy_from_guest}) or a write ({@code
     * copy_to_guest}). A faulted read carries no bytes ({@code length} were requested); a faulted write carries the
     * bytes written before the fault.
     */
    record Segment(boolean write, boolean faulted, long va, int length, byte[] bytes) {
        public Segment {
            Objects.requireNonNull(bytes, "bytes");
            if (bytes.length != (write || !faulted ? length : 0)) {
                throw new IllegalArgumentException("a segment of length " + length + " that is "
                        + (write ? "a write" : faulted ? "a faulted read" : "a read") + " cannot carry "
                        + bytes.length + " bytes");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Segment s
                    && write == s.write
                    && faulted == s.faulted
                    && va == s.va
                    && length == s.length
                    && Arrays.equals(bytes, s.bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(write, faulted, va, length, Arrays.hashCode(bytes));
        }

        @Override
        public String toString() {
            return (write ? "write" : "read") + (faulted ? "(faulted)" : "") + " 0x" + Long.toHexString(va) + "+"
                    + length;
        }
    }

    /** HYPERCALL: an input, with its result and the guest accesses it made. */
    record Hypercall(
            int domid,
            int vcpu,
            long time,
            int op,
            long a1,
            long a2,
            long a3,
            long a4,
            long a5,
            long result,
            List<Segment> segments)
            implements JournalRecord {
        public Hypercall {
            segments = List.copyOf(segments);
        }

        @Override
        public RecordKind kind() {
            return RecordKind.HYPERCALL;
        }

        /** The register arguments a1 to a5 as an array (index 0 is a1). */
        public long[] args() {
            return new long[] {a1, a2, a3, a4, a5};
        }
    }

    /** GUEST_WRITE: an input, a guest store of {@code bytes} at {@code va}, which translated to {@code maddr}. */
    record GuestWrite(int domid, int vcpu, long time, long va, long maddr, byte[] bytes) implements JournalRecord {
        public GuestWrite {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public RecordKind kind() {
            return RecordKind.GUEST_WRITE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GuestWrite g
                    && domid == g.domid
                    && vcpu == g.vcpu
                    && time == g.time
                    && va == g.va
                    && maddr == g.maddr
                    && Arrays.equals(bytes, g.bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(domid, vcpu, time, va, maddr, Arrays.hashCode(bytes));
        }

        @Override
        public String toString() {
            return "GuestWrite[d" + domid + "v" + vcpu + " t=" + time + " va=0x" + Long.toHexString(va) + " maddr=0x"
                    + Long.toHexString(maddr) + " " + bytes.length + " bytes]";
        }
    }

    /** GUEST_FAULT: an input; {@code faultKind} is a {@link GuestFaultKind} code (any byte value is kept). */
    record GuestFault(int domid, int vcpu, long time, int faultKind, long va, int errorCode) implements JournalRecord {
        @Override
        public RecordKind kind() {
            return RecordKind.GUEST_FAULT;
        }
    }

    /**
     * SCHEDULE: an input, one {@code do_schedule}. The header's domid and vCPU are the next vCPU's; -1 as a domid is
     * the idle vCPU. The previous vCPU equals the next when it continues to run; {@code timesliceNs} is -1 for none.
     */
    record Schedule(int pcpu, long time, int prevDomid, int prevVcpu, int nextDomid, int nextVcpu, long timesliceNs)
            implements JournalRecord {
        @Override
        public RecordKind kind() {
            return RecordKind.SCHEDULE;
        }

        @Override
        public int domid() {
            return nextDomid;
        }

        @Override
        public int vcpu() {
            return nextVcpu;
        }
    }

    /**
     * LIFECYCLE: an output. {@code consequence} is set when the step was emitted while the preceding input was being
     * applied ({@link JournalFormat#FLAG_CONSEQUENCE}). Header vCPU -1.
     */
    record Lifecycle(long time, LifecycleEvent event, int domid, long arg, boolean consequence)
            implements JournalRecord {
        public Lifecycle {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public RecordKind kind() {
            return RecordKind.LIFECYCLE;
        }

        @Override
        public int vcpu() {
            return JournalFormat.NONE;
        }
    }

    /** TIMER: an input, a hypervisor timer's expiry; {@code timerClass} is a {@link TimerClass} code. */
    record TimerFired(long time, int timerClass, int domid, int vcpu, int index) implements JournalRecord {
        @Override
        public RecordKind kind() {
            return RecordKind.TIMER;
        }
    }

    /**
     * TRACE: an output, a trace event with Xen's {@code TRC_*} id; {@code consequence} as for {@link Lifecycle}.
     */
    record Trace(long time, int event, int domid, int vcpu, long d1, long d2, boolean consequence)
            implements JournalRecord {
        @Override
        public RecordKind kind() {
            return RecordKind.TRACE;
        }
    }

    /**
     * PORT_IO: an input, a guest's {@code in} or {@code out} of {@code size} bytes on {@code port}, emulated by the
     * hypervisor; {@code value} is what was written or read, and {@code faulted} says the guest took a #GP instead.
     */
    record PortIo(int domid, int vcpu, long time, int port, int size, boolean write, boolean faulted, int value)
            implements JournalRecord {
        @Override
        public RecordKind kind() {
            return RecordKind.PORT_IO;
        }
    }

    /** UPCALL: an input, an event upcall delivered to a vCPU at guest address {@code rip}. */
    record Upcall(int domid, int vcpu, long time, long rip) implements JournalRecord {
        @Override
        public RecordKind kind() {
            return RecordKind.UPCALL;
        }
    }

    /**
     * EVTCHN: an output, an event-channel event; {@code event} is an {@code spi.EvtchnEvent} code, {@code port} -1
     * for none; {@code consequence} as for {@link Lifecycle}.
     */
    record Evtchn(long time, int event, int domid, int vcpu, int port, long arg, boolean consequence)
            implements JournalRecord {
        @Override
        public RecordKind kind() {
            return RecordKind.EVTCHN;
        }
    }

    /**
     * GNTTAB: an output, one element of a grant-table operation: {@code op} a {@code GNTTABOP_*} number, {@code domid}
     * the caller, {@code remoteDomid} the other domain named (-1: none), {@code ref} the grant reference or handle,
     * {@code status} its {@code GNTST_*} result, {@code arg} what it returned; {@code consequence} as for {@link
     * Lifecycle}. The header's vCPU is -1.
     */
    record Gnttab(long time, int op, int domid, int remoteDomid, long ref, int status, long arg, boolean consequence)
            implements JournalRecord {
        @Override
        public RecordKind kind() {
            return RecordKind.GNTTAB;
        }

        @Override
        public int vcpu() {
            return JournalFormat.NONE;
        }
    }

    /** END: the trailer; {@code recordsBefore} records precede it. Header domid and vCPU -1. */
    record End(long time, long recordsBefore) implements JournalRecord {
        @Override
        public RecordKind kind() {
            return RecordKind.END;
        }

        @Override
        public int domid() {
            return JournalFormat.NONE;
        }

        @Override
        public int vcpu() {
            return JournalFormat.NONE;
        }
    }
}
