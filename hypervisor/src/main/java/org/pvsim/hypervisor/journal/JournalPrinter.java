package org.pvsim.hypervisor.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.spi.EvtchnEvent;

/**
 * The dump tool that ships with the format: one readable line per record.
 *
 * <pre>
 *   index  time (ns)  kind  who  details
 *       2       1000  HYPERCALL  d1v0  mmu_update(0xffff880000123000, 0x1, 0x0, 0x7ff0, 0x0) = -EINVAL; read 0xffff880000123000+16
 * </pre>
 *
 * "who" is {@code d<domid>v<vcpu>}, {@code d<domid>} for a record with no vCPU, {@code p<pcpu>} for a scheduling
 * record, and {@code -} for none. Hypercalls show Xen's name, the five arguments in hex, the result as {@link
 * Errno#describe} formats it and a summary of each guest access; lifecycle steps show the event's name. The output is
 * the same on every machine (no locale, no time zone).
 */
public final class JournalPrinter {
    private static final int MAX_BYTES_SHOWN = 16;

    private JournalPrinter() {}

    /**
     * Prints every record of the journal in {@code dir} to {@code out}, one line each, END included. If the journal is
     * damaged, the lines up to the damage are printed before the exception.
     *
     * @return the number of records printed
     */
    public static long print(Path dir, Appendable out) throws JournalFormatException, IOException {
        try (JournalReader reader = JournalReader.open(dir)) {
            long n = 0;
            for (JournalRecord r = reader.next(); r != null; r = reader.next()) {
                out.append(line(reader.index(), r)).append('\n');
                n++;
            }
            return n;
        }
    }

    /** The line for record {@code index}: index, time in ns, kind, who, details. */
    public static String line(long index, JournalRecord r) {
        return String.format(Locale.ROOT, "%8d %14d %-12s %-10s %s", index, r.time(), r.kind(), whoOf(r), details(r));
    }

    /** A record in a few words, without index and time: {@code HYPERCALL d1v0 mmu_update(...) = 0}. */
    public static String describe(JournalRecord r) {
        String who = whoOf(r);
        return r.kind() + (who.equals("-") ? "" : " " + who) + " " + details(r);
    }

    private static String whoOf(JournalRecord r) {
        if (r instanceof JournalRecord.Schedule s) {
            return "p" + s.pcpu();
        }
        return who(r.domid(), r.vcpu());
    }

    /** {@code d1v0}, {@code d1} without a vCPU, {@code idle} for domid -1 with a vCPU, {@code -} for neither. */
    static String who(int domid, int vcpu) {
        if (domid == JournalFormat.NONE) {
            return vcpu == JournalFormat.NONE ? "-" : "idle";
        }
        return vcpu == JournalFormat.NONE ? "d" + domid : "d" + domid + "v" + vcpu;
    }

    /** A domain as {@code d1}, or {@code none}. */
    static String domain(int domid) {
        return domid == JournalFormat.NONE ? "none" : "d" + domid;
    }

    /** A guest-fault kind by name, or {@code kind <n>} for a code this pvsim does not define. */
    static String faultKind(int code) {
        GuestFaultKind k = GuestFaultKind.ofCode(code);
        return k == null ? "kind " + code : k.name();
    }

    private static String details(JournalRecord r) {
        StringBuilder s = new StringBuilder();
        if (r instanceof JournalRecord.Boot b) {
            BootParameters p = b.params();
            s.append("pvsim ").append(p.pvsimVersion());
            s.append(", scenario \"").append(p.scenario()).append('"');
            s.append(", seed ").append(p.seed());
            s.append(", ").append(p.nrPcpus()).append(" pcpus");
            s.append(", ").append(p.ramFrames()).append(" frames");
            s.append(", sched ").append(p.scheduler());
            s.append(", dom0 ").append(p.dom0Pages()).append(" pages ");
            s.append(p.dom0Vcpus()).append(p.dom0Vcpus() == 1 ? " vcpu" : " vcpus");
            s.append(", kernel \"").append(p.dom0Kernel()).append('"');
            s.append(", cmdline \"").append(p.dom0Cmdline()).append('"');
            s.append(", ").append(p.sockets()).append(p.sockets() == 1 ? " socket" : " sockets");
            s.append(", ").append(p.threadsPerCore()).append(" thread(s)/core");
            if (!p.devices().isEmpty()) {
                s.append(", devices \"").append(p.devices()).append('"');
            }
            if (!p.xenCmdline().isEmpty()) {
                s.append(", xen \"").append(p.xenCmdline()).append('"');
            }
            s.append(", format v").append(b.formatVersion());
        } else if (r instanceof JournalRecord.Hypercall h) {
            s.append(Hypercall.nameOf(h.op())).append('(');
            long[] args = h.args();
            for (int i = 0; i < args.length; i++) {
                s.append(i == 0 ? "" : ", ").append(hex(args[i]));
            }
            s.append(") = ").append(Errno.describe(h.result()));
            String sep = "; ";
            for (JournalRecord.Segment g : h.segments()) {
                s.append(sep).append(g.write() ? "wrote " : "read ");
                s.append(hex(g.va())).append('+').append(g.length());
                if (g.faulted()) {
                    s.append(" faulted");
                }
                sep = ", ";
            }
        } else if (r instanceof JournalRecord.GuestWrite w) {
            s.append("va ").append(hex(w.va())).append(" maddr ").append(hex(w.maddr()));
            s.append(' ').append(w.bytes().length).append(" bytes:");
            appendBytes(s, w.bytes());
        } else if (r instanceof JournalRecord.GuestFault f) {
            s.append(faultKind(f.faultKind())).append(" va ").append(hex(f.va()));
            s.append(" error 0x").append(Integer.toHexString(f.errorCode()));
        } else if (r instanceof JournalRecord.Schedule w) {
            String prev = w.prevDomid() == JournalFormat.NONE ? "idle" : who(w.prevDomid(), w.prevVcpu());
            String next = w.nextDomid() == JournalFormat.NONE ? "idle" : who(w.nextDomid(), w.nextVcpu());
            s.append(prev.equals(next) ? next + " continues" : prev + " -> " + next);
            s.append(w.timesliceNs() < 0 ? ", no timeslice" : ", timeslice " + w.timesliceNs() + " ns");
        } else if (r instanceof JournalRecord.PortIo p) {
            s.append(p.write() ? "out" : "in").append(p.size() == 1 ? 'b' : p.size() == 2 ? 'w' : 'l');
            s.append(" port 0x").append(Integer.toHexString(p.port()));
            s.append(p.faulted() ? " #GP" : " value 0x" + Integer.toHexString(p.value()));
        } else if (r instanceof JournalRecord.TimerFired t) {
            TimerClass c = TimerClass.ofCode(t.timerClass());
            s.append(c == null ? "class " + t.timerClass() : c.name())
                    .append(" index ")
                    .append(t.index());
        } else if (r instanceof JournalRecord.Trace t) {
            s.append(TraceEvent.nameOf(t.event()))
                    .append(' ')
                    .append(t.d1())
                    .append(' ')
                    .append(t.d2());
            if (t.consequence()) {
                s.append(" (deferred)");
            }
        } else if (r instanceof JournalRecord.Upcall u) {
            s.append("event upcall at ").append(hex(u.rip()));
        } else if (r instanceof JournalRecord.Evtchn e) {
            EvtchnEvent ev = EvtchnEvent.ofCode(e.event());
            s.append(ev == null ? "evtchn event " + e.event() : "evtchn " + ev.name());
            if (e.port() >= 0) {
                s.append(" port ").append(e.port());
            }
            s.append(" arg ").append(e.arg());
            if (e.consequence()) {
                s.append(" (deferred)");
            }
        } else if (r instanceof JournalRecord.Gnttab g) {
            s.append(GnttabNames.op(g.op()));
            if (g.remoteDomid() == DomId.DOMID_SELF) {
                s.append(" remote DOMID_SELF");
            } else if (g.remoteDomid() >= 0) {
                s.append(" remote ").append(domain(g.remoteDomid()));
            }
            if (g.ref() >= 0) {
                s.append(' ').append(GnttabNames.refLabel(g.op())).append(' ').append(g.ref());
            }
            s.append(' ').append(GnttabNames.status(g.status()));
            s.append(' ').append(GnttabNames.argLabel(g.op())).append(' ').append(g.arg());
            if (g.consequence()) {
                s.append(" (deferred)");
            }
        } else if (r instanceof JournalRecord.Lifecycle l) {
            s.append(l.event());
            if (l.event() == LifecycleEvent.VCPU_UP_DOWN) {
                s.append(" vcpu ").append(l.arg() & 0xFFFF).append((l.arg() & 0x10000) != 0 ? " up" : " down");
            } else {
                s.append(" arg ").append(l.arg());
            }
            if (l.consequence()) {
                s.append(" (deferred)");
            }
        } else if (r instanceof JournalRecord.End e) {
            s.append("end of journal after ").append(e.recordsBefore()).append(" records");
        }
        return s.toString();
    }

    private static void appendBytes(StringBuilder s, byte[] bytes) {
        int shown = Math.min(bytes.length, MAX_BYTES_SHOWN);
        for (int i = 0; i < shown; i++) {
            s.append(' ').append(Character.forDigit((bytes[i] >> 4) & 0xF, 16));
            s.append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        if (bytes.length > shown) {
            s.append(" ...");
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
