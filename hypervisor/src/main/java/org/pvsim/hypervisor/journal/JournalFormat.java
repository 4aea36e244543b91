package org.pvsim.hypervisor.journal;

/**
 * The journal's binary record format, described once: every offset, size, flag and code that the writer, the reader,
 * replay and the dump tool use. In the spirit of xentrace's {@code struct t_rec}: a fixed header, then a few words.
 *
 * <pre>
 *   offset size  field
 *   0      1     kind            a {@link RecordKind} code (0 is never valid, so zeroed bytes are not a record)
 *   1      1     flags           per kind; only {@link #FLAG_CONSEQUENCE} on LIFECYCLE is defined
 *   2      2     domid           i16: a domain id 0..0x7FFF, or -1 for none / the idle vCPU
 *   4      2     vcpu            i16: a vCPU id 0..0x7FFF, or -1 for none
 *   6      4     payload length  u32: the bytes between the header and the CRC
 *   10     8     time            i64: virtual time in nanoseconds
 *   18     n     payload         per kind (below)
 *   18+n   4     CRC-32C         over the header and the payload
 * </pre>
 *
 * All integers are little-endian; strings (BOOT only) are a u16 byte count then UTF-8 bytes. There is no padding and
 * no per-record string outside BOOT. Each record is one Chronicle Queue excerpt holding exactly these bytes.
 *
 * <p>Compatibility rule: the header layout and the first six payload bytes of BOOT (magic, then version) never move,
 * so that a reader of any version can tell which version wrote a journal before it looks at anything else.
 *
 * <p>The payload of each kind is documented with its offsets below ({@code BOOT_*}, {@code HYPERCALL_*}, ...) and in
 * {@code docs/journal.md}.
 */
public final class JournalFormat {
    /** {@code "PVSJ"} read as a little-endian u32: the first payload word of every journal's BOOT record. */
    public static final int MAGIC = 0x4A535650;
    /** The format version this pvsim writes and the only one it reads. Bump it on any change to this class. */
    public static final int FORMAT_VERSION = 5;

    // ---- the fixed header ----
    /** u8 record kind. */
    public static final int KIND_OFFSET = 0;
    /** u8 flags. */
    public static final int FLAGS_OFFSET = 1;
    /** i16 domain id, -1 for none. */
    public static final int DOMID_OFFSET = 2;
    /** i16 vCPU id, -1 for none. */
    public static final int VCPU_OFFSET = 4;
    /** u32 payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 6;
    /** i64 virtual time in nanoseconds. */
    public static final int TIME_OFFSET = 10;
    /** Size of the fixed header; the payload starts here. */
    public static final int HEADER_SIZE = 18;
    /** Size of the CRC-32C trailer that follows the payload. */
    public static final int CRC_SIZE = 4;
    /** The smallest possible record: a header, an empty payload and the CRC. */
    public static final int MIN_RECORD_SIZE = HEADER_SIZE + CRC_SIZE;
    /**
     * The largest record the writer appends (header, payload and CRC). Chronicle Queue refuses an excerpt larger than
     * a quarter of its block size (64 MiB by default); this leaves room.
     */
    public static final int MAX_RECORD_SIZE = 8 << 20;

    /** The domid or vCPU stored when a record has none; in SCHEDULE a domid of -1 is the idle vCPU. */
    public static final int NONE = -1;
    /** The largest domid or vCPU id the header holds ({@code DOMID_MASK}). */
    public static final int MAX_ID = 0x7FFF;

    // ---- flags ----
    /**
     * Outputs (LIFECYCLE, TRACE, EVTCHN, GNTTAB) only: the output was emitted while the preceding input was being applied, and was
     * deferred until that input's record had been written.
     */
    public static final int FLAG_CONSEQUENCE = 0x01;

    // ---- BOOT payload: header domid -1, vcpu -1, time 0 ----
    /** u32 {@link #MAGIC}. */
    public static final int BOOT_MAGIC_OFFSET = 0;
    /** u16 format version. */
    public static final int BOOT_VERSION_OFFSET = 4;
    /**
     * Where the boot parameters start, in this order: pvsimVersion (string), scenario (string), seed (i64), nrPcpus
     * (i32), ramFrames (i32), scheduler (string), dom0Pages (i32), dom0Vcpus (i32), dom0Kernel (string), dom0Cmdline
     * (string), sockets (i32), threadsPerCore (i32), xenCmdline (string),
     * devices (string).
     */
    public static final int BOOT_PARAMS_OFFSET = 6;
    /** The longest string BOOT holds, in UTF-8 bytes (its length prefix is a u16). */
    public static final int MAX_STRING_BYTES = 0xFFFF;

    // ---- HYPERCALL payload: header domid, vcpu, time of the call ----
    /** i32 hypercall number. */
    public static final int HYPERCALL_OP_OFFSET = 0;
    /** Five i64 register arguments, a1 to a5. */
    public static final int HYPERCALL_ARGS_OFFSET = 4;
    /** i64 result. */
    public static final int HYPERCALL_RESULT_OFFSET = 44;
    /** Where the segments start; they run to the end of the payload, in the order the accesses happened. */
    public static final int HYPERCALL_SEGMENTS_OFFSET = 52;

    // ---- one segment of a HYPERCALL: a guest access by copy_from_guest / copy_to_guest ----
    /** u8 segment flags: {@link #SEGMENT_WRITE}, {@link #SEGMENT_FAULTED}. */
    public static final int SEGMENT_FLAGS_OFFSET = 0;
    /** i64 guest virtual address. */
    public static final int SEGMENT_VA_OFFSET = 1;
    /** u32 length in bytes. */
    public static final int SEGMENT_LENGTH_OFFSET = 9;
    /** The bytes: {@code length} of them, except for a faulted read, which carries none. */
    public static final int SEGMENT_BYTES_OFFSET = 13;
    /** Segment flag: the hypervisor wrote guest memory (clear: it read). */
    public static final int SEGMENT_WRITE = 0x01;
    /** Segment flag: the access faulted (a read carries no bytes; a write carries the bytes written before it). */
    public static final int SEGMENT_FAULTED = 0x02;

    // ---- GUEST_WRITE payload: header domid, vcpu, time ----
    /** i64 guest virtual address. */
    public static final int GUEST_WRITE_VA_OFFSET = 0;
    /** i64 machine address it translated to. */
    public static final int GUEST_WRITE_MADDR_OFFSET = 8;
    /** The bytes stored: the rest of the payload. */
    public static final int GUEST_WRITE_BYTES_OFFSET = 16;

    // ---- GUEST_FAULT payload: header domid, vcpu, time ----
    /** u8 {@link GuestFaultKind} code. */
    public static final int GUEST_FAULT_KIND_OFFSET = 0;
    /** i64 faulting virtual address. */
    public static final int GUEST_FAULT_VA_OFFSET = 1;
    /** i32 error code. */
    public static final int GUEST_FAULT_ERROR_OFFSET = 9;
    /** GUEST_FAULT payload size. */
    public static final int GUEST_FAULT_SIZE = 13;

    // ---- PORT_IO payload: header domid, vcpu, time of the instruction ----
    /** u16 the I/O port. */
    public static final int PORT_IO_PORT_OFFSET = 0;
    /** u8 the access size in bytes: 1, 2 or 4. */
    public static final int PORT_IO_SIZE_OFFSET = 2;
    /** u8 flags: {@link #PORT_IO_WRITE}, {@link #PORT_IO_FAULTED}. */
    public static final int PORT_IO_FLAGS_OFFSET = 3;
    /** u32 the value written ({@code out}) or read ({@code in}); 0 when the access faulted. */
    public static final int PORT_IO_VALUE_OFFSET = 4;
    /** PORT_IO payload size. */
    public static final int PORT_IO_SIZE = 8;
    /** PORT_IO flag: an {@code out} (clear: an {@code in}). */
    public static final int PORT_IO_WRITE = 0x01;
    /** PORT_IO flag: the access was not permitted and the guest took a general-protection fault. */
    public static final int PORT_IO_FAULTED = 0x02;

    // ---- SCHEDULE payload: header domid/vcpu = the next vCPU (-1: idle), time ----
    /** u16 physical CPU. */
    public static final int SCHED_PCPU_OFFSET = 0;
    /** i16 previous domid (-1: idle). */
    public static final int SCHED_PREV_DOMID_OFFSET = 2;
    /** i16 previous vCPU. */
    public static final int SCHED_PREV_VCPU_OFFSET = 4;
    /** i64 the timeslice granted in ns, -1 for none. */
    public static final int SCHED_TIMESLICE_OFFSET = 6;
    /** SCHEDULE payload size. */
    public static final int SCHEDULE_SIZE = 14;

    // ---- TIMER payload: header domid/vcpu = the timer's owner (-1: none), time ----
    /** u8 {@code time.TimerClass} code. */
    public static final int TIMER_CLASS_OFFSET = 0;
    /** i32 index. */
    public static final int TIMER_INDEX_OFFSET = 1;
    /** TIMER payload size. */
    public static final int TIMER_SIZE = 5;

    // ---- TRACE payload: header domid/vcpu = the vCPU concerned (-1: none), time; flags may hold FLAG_CONSEQUENCE ----
    /** u32 {@code TRC_*} event id. */
    public static final int TRACE_EVENT_OFFSET = 0;
    /** i64 first data word. */
    public static final int TRACE_D1_OFFSET = 4;
    /** i64 second data word. */
    public static final int TRACE_D2_OFFSET = 12;
    /** TRACE payload size. */
    public static final int TRACE_SIZE = 20;
    /** The largest physical CPU number a record holds. */
    public static final int MAX_PCPU = 0xFFFF;

    // ---- LIFECYCLE payload: header domid, vcpu -1, time; flags may hold FLAG_CONSEQUENCE ----
    /** u8 {@link LifecycleEvent} code. */
    public static final int LIFECYCLE_EVENT_OFFSET = 0;
    /** i64 argument. */
    public static final int LIFECYCLE_ARG_OFFSET = 1;
    /** LIFECYCLE payload size. */
    public static final int LIFECYCLE_SIZE = 9;

    // ---- UPCALL payload: header domid, vcpu, time of the delivery ----
    /** i64 the guest address entered: the vCPU's {@code CALLBACKTYPE_event} callback. */
    public static final int UPCALL_RIP_OFFSET = 0;
    /** UPCALL payload size. */
    public static final int UPCALL_SIZE = 8;

    // ---- EVTCHN payload: header domid, vcpu (-1: none), time; flags may hold FLAG_CONSEQUENCE ----
    /** u8 {@code spi.EvtchnEvent} code. */
    public static final int EVTCHN_EVENT_OFFSET = 0;
    /** i32 the port (-1: none). */
    public static final int EVTCHN_PORT_OFFSET = 1;
    /** i64 argument, per event. */
    public static final int EVTCHN_ARG_OFFSET = 5;
    /** EVTCHN payload size. */
    public static final int EVTCHN_SIZE = 13;

    // ---- GNTTAB payload: header domid = the caller, vcpu -1, time; flags may hold FLAG_CONSEQUENCE ----
    /** i32 {@code GNTTABOP_*} number. */
    public static final int GNTTAB_OP_OFFSET = 0;
    /** i32 the other domain the element names (-1: none). */
    public static final int GNTTAB_REMOTE_DOMID_OFFSET = 4;
    /** i64 the grant reference or handle the element names. */
    public static final int GNTTAB_REF_OFFSET = 8;
    /** i32 the element's {@code GNTST_*} status (or errno). */
    public static final int GNTTAB_STATUS_OFFSET = 16;
    /** i64 what the element returned (a handle, a frame, a count). */
    public static final int GNTTAB_ARG_OFFSET = 20;
    /** GNTTAB payload size. */
    public static final int GNTTAB_SIZE = 28;

    // ---- END payload: header domid -1, vcpu -1, time = the latest time of any record before it ----
    /** i64 number of records before END. */
    public static final int END_COUNT_OFFSET = 0;
    /** END payload size. */
    public static final int END_SIZE = 8;

    private JournalFormat() {}

    /** Checks a domid for the header: 0..{@link #MAX_ID}, or {@link #NONE}. */
    public static int checkDomid(int domid) {
        if (domid < NONE || domid > MAX_ID) {
            throw new IllegalArgumentException(
                    "a journal domid must be -1 (none or idle) or 0.." + MAX_ID + " (DOMID_MASK), was " + domid);
        }
        return domid;
    }

    /** Checks a vCPU id for the header: 0..{@link #MAX_ID}, or {@link #NONE}. */
    public static int checkVcpu(int vcpu) {
        if (vcpu < NONE || vcpu > MAX_ID) {
            throw new IllegalArgumentException(
                    "a journal vcpu must be -1 (none or idle) or 0.." + MAX_ID + ", was " + vcpu);
        }
        return vcpu;
    }

    /** Checks a physical CPU number for SCHEDULE: 0..{@link #MAX_PCPU}. */
    public static int checkPcpu(int pcpu) {
        if (pcpu < 0 || pcpu > MAX_PCPU) {
            throw new IllegalArgumentException("a journal pcpu must be 0.." + MAX_PCPU + ", was " + pcpu);
        }
        return pcpu;
    }

    /** Checks a guest-fault kind code: it is stored in one byte. */
    public static int checkFaultKind(int kind) {
        if (kind < 0 || kind > 0xFF) {
            throw new IllegalArgumentException("a guest-fault kind code must be 0..255, was " + kind);
        }
        return kind;
    }

    /** Checks the size of a record about to be appended: at most {@link #MAX_RECORD_SIZE}. */
    public static long checkRecordSize(long size) {
        if (size > MAX_RECORD_SIZE) {
            throw new IllegalStateException("a journal record may hold at most " + MAX_RECORD_SIZE
                    + " bytes (Chronicle Queue's excerpt limit), this one needs " + size);
        }
        return size;
    }
}
