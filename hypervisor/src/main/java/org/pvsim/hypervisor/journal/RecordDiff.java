package org.pvsim.hypervisor.journal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.TraceEvent;

/**
 * Says, field by field and in words, how a replayed record differs from the recorded one: "result: expected -EINVAL,
 * actual 0", "read at 0xffff880000123000: 16 bytes differ, the first at offset 4 (expected 0x12, actual 0x00)".
 * Addresses and arguments are in hex, results through {@link Errno#describe}, codes by name.
 */
final class RecordDiff {
    private final List<String> out = new ArrayList<>();

    private RecordDiff() {}

    /** What differs between {@code expected} (recorded) and {@code actual} (replayed); never empty. */
    static List<String> differences(JournalRecord expected, JournalRecord actual) {
        RecordDiff d = new RecordDiff();
        d.compare(expected, actual);
        if (d.out.isEmpty()) {
            d.out.add("the records differ in their bytes but in no field");
        }
        return d.out;
    }

    private void compare(JournalRecord e, JournalRecord a) {
        if (e.kind() != a.kind()) {
            out.add("expected " + JournalPrinter.describe(e) + ", actual " + JournalPrinter.describe(a));
            return;
        }
        if (e.time() != a.time()) {
            out.add("time: expected " + e.time() + " ns, actual " + a.time() + " ns");
        }
        if (e instanceof JournalRecord.Boot eb) {
            boot(eb, (JournalRecord.Boot) a);
        } else if (e instanceof JournalRecord.Hypercall eh) {
            hypercall(eh, (JournalRecord.Hypercall) a);
        } else if (e instanceof JournalRecord.GuestWrite ew) {
            guestWrite(ew, (JournalRecord.GuestWrite) a);
        } else if (e instanceof JournalRecord.GuestFault ef) {
            guestFault(ef, (JournalRecord.GuestFault) a);
        } else if (e instanceof JournalRecord.Schedule es) {
            schedule(es, (JournalRecord.Schedule) a);
        } else if (e instanceof JournalRecord.PortIo ep) {
            JournalRecord.PortIo ap = (JournalRecord.PortIo) a;
            who(e, a);
            hexField("port", ep.port(), ap.port());
            field("size", ep.size(), ap.size());
            field("write", ep.write() ? 1 : 0, ap.write() ? 1 : 0);
            field("faulted", ep.faulted() ? 1 : 0, ap.faulted() ? 1 : 0);
            hexField("value", ep.value() & 0xFFFFFFFFL, ap.value() & 0xFFFFFFFFL);
        } else if (e instanceof JournalRecord.TimerFired et) {
            JournalRecord.TimerFired at = (JournalRecord.TimerFired) a;
            field("timer class", et.timerClass(), at.timerClass());
            who(e, a);
            field("index", et.index(), at.index());
        } else if (e instanceof JournalRecord.Trace ex) {
            trace(ex, (JournalRecord.Trace) a);
        } else if (e instanceof JournalRecord.Upcall eu) {
            who(e, a);
            hexField("rip", eu.rip(), ((JournalRecord.Upcall) a).rip());
        } else if (e instanceof JournalRecord.Evtchn ee) {
            JournalRecord.Evtchn ae = (JournalRecord.Evtchn) a;
            field("event", ee.event(), ae.event());
            who(e, a);
            field("port", ee.port(), ae.port());
            field("arg", ee.arg(), ae.arg());
            if (ee.consequence() != ae.consequence()) {
                out.add("emitted while applying an input: expected " + (ee.consequence() ? "yes" : "no") + ", actual "
                        + (ae.consequence() ? "yes" : "no"));
            }
        } else if (e instanceof JournalRecord.Gnttab eg) {
            JournalRecord.Gnttab ag = (JournalRecord.Gnttab) a;
            if (eg.op() != ag.op()) {
                out.add("op: expected " + GnttabNames.op(eg.op()) + ", actual " + GnttabNames.op(ag.op()));
            }
            who(e, a);
            field("remote domid", eg.remoteDomid(), ag.remoteDomid());
            field("ref", eg.ref(), ag.ref());
            if (eg.status() != ag.status()) {
                out.add("status: expected " + GnttabNames.status(eg.status()) + ", actual "
                        + GnttabNames.status(ag.status()));
            }
            field("arg", eg.arg(), ag.arg());
            if (eg.consequence() != ag.consequence()) {
                out.add("emitted while applying an input: expected " + (eg.consequence() ? "yes" : "no") + ", actual "
                        + (ag.consequence() ? "yes" : "no"));
            }
        } else if (e instanceof JournalRecord.Lifecycle el) {
            lifecycle(el, (JournalRecord.Lifecycle) a);
        } else if (e instanceof JournalRecord.End ee) {
            field("record count", ee.recordsBefore(), ((JournalRecord.End) a).recordsBefore());
        }
    }

    private void who(JournalRecord e, JournalRecord a) {
        if (e.domid() != a.domid()) {
            out.add("domain: expected " + JournalPrinter.domain(e.domid()) + ", actual "
                    + JournalPrinter.domain(a.domid()));
        }
        field("vcpu", e.vcpu(), a.vcpu());
    }

    private void boot(JournalRecord.Boot e, JournalRecord.Boot a) {
        field("format version", e.formatVersion(), a.formatVersion());
        for (RecordComponent c : BootParameters.class.getRecordComponents()) {
            Object ev = component(c, e.params());
            Object av = component(c, a.params());
            if (!Objects.equals(ev, av)) {
                out.add(c.getName() + ": expected " + quoted(ev) + ", actual " + quoted(av));
            }
        }
    }

    private static Object component(RecordComponent c, BootParameters p) {
        try {
            return c.getAccessor().invoke(p);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("BootParameters." + c.getName() + " cannot be read", e);
        }
    }

    private static String quoted(Object v) {
        return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    }

    private void hypercall(JournalRecord.Hypercall e, JournalRecord.Hypercall a) {
        who(e, a);
        if (e.op() != a.op()) {
            out.add("hypercall: expected " + Hypercall.nameOf(e.op()) + ", actual " + Hypercall.nameOf(a.op()));
        }
        long[] ea = e.args();
        long[] aa = a.args();
        for (int i = 0; i < ea.length; i++) {
            hexField("a" + (i + 1), ea[i], aa[i]);
        }
        if (e.result() != a.result()) {
            out.add("result: expected " + Errno.describe(e.result()) + ", actual " + Errno.describe(a.result()));
        }
        List<JournalRecord.Segment> es = e.segments();
        List<JournalRecord.Segment> as = a.segments();
        int common = Math.min(es.size(), as.size());
        for (int i = 0; i < common; i++) {
            segment(i, es.get(i), as.get(i));
        }
        for (int i = common; i < es.size(); i++) {
            out.add("missing " + access(es.get(i)) + " (guest access " + i
                    + "): the replayed hypercall did not make it");
        }
        for (int i = common; i < as.size(); i++) {
            out.add("extra " + access(as.get(i)) + " (guest access " + i + "): the recorded hypercall did not make it");
        }
    }

    private void segment(int i, JournalRecord.Segment e, JournalRecord.Segment a) {
        if (e.write() != a.write() || e.va() != a.va()) {
            out.add("guest access " + i + ": expected " + access(e) + ", actual " + access(a));
            return;
        }
        String where = (e.write() ? "write" : "read") + " at " + hex(e.va());
        if (e.faulted() != a.faulted()) {
            out.add(where + ": expected " + (e.faulted() ? "a fault" : "no fault") + ", actual "
                    + (a.faulted() ? "a fault" : "no fault"));
        }
        if (e.length() != a.length()) {
            out.add(where + ": length expected " + e.length() + ", actual " + a.length());
        }
        bytes(where, e.bytes(), a.bytes());
    }

    private static String access(JournalRecord.Segment s) {
        return (s.faulted() ? "faulted " : "") + (s.write() ? "write" : "read") + " at " + hex(s.va()) + " ("
                + s.length() + " bytes)";
    }

    private void bytes(String where, byte[] e, byte[] a) {
        int common = Math.min(e.length, a.length);
        int differing = 0;
        int first = -1;
        for (int i = 0; i < common; i++) {
            if (e[i] != a[i]) {
                differing++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (differing > 0) {
            out.add(String.format(
                    Locale.ROOT,
                    "%s: %d byte%s differ%s, the first at offset %d (expected 0x%02x, actual 0x%02x)",
                    where,
                    differing,
                    differing == 1 ? "" : "s",
                    differing == 1 ? "s" : "",
                    first,
                    e[first] & 0xFF,
                    a[first] & 0xFF));
        }
    }

    private void guestWrite(JournalRecord.GuestWrite e, JournalRecord.GuestWrite a) {
        who(e, a);
        hexField("va", e.va(), a.va());
        hexField("maddr", e.maddr(), a.maddr());
        field("length", e.bytes().length, a.bytes().length);
        bytes("write at " + hex(e.va()), e.bytes(), a.bytes());
    }

    private void guestFault(JournalRecord.GuestFault e, JournalRecord.GuestFault a) {
        who(e, a);
        if (e.faultKind() != a.faultKind()) {
            out.add("fault kind: expected " + JournalPrinter.faultKind(e.faultKind()) + ", actual "
                    + JournalPrinter.faultKind(a.faultKind()));
        }
        hexField("va", e.va(), a.va());
        if (e.errorCode() != a.errorCode()) {
            out.add("error code: expected 0x" + Integer.toHexString(e.errorCode()) + ", actual 0x"
                    + Integer.toHexString(a.errorCode()));
        }
    }

    private void trace(JournalRecord.Trace e, JournalRecord.Trace a) {
        if (e.event() != a.event()) {
            out.add("event: expected " + TraceEvent.nameOf(e.event()) + ", actual " + TraceEvent.nameOf(a.event()));
        }
        who(e, a);
        field("d1", e.d1(), a.d1());
        field("d2", e.d2(), a.d2());
        if (e.consequence() != a.consequence()) {
            out.add("emitted while applying an input: expected " + (e.consequence() ? "yes" : "no") + ", actual "
                    + (a.consequence() ? "yes" : "no"));
        }
    }

    private void schedule(JournalRecord.Schedule e, JournalRecord.Schedule a) {
        field("pcpu", e.pcpu(), a.pcpu());
        String ep = JournalPrinter.who(e.prevDomid(), e.prevVcpu());
        String ap = JournalPrinter.who(a.prevDomid(), a.prevVcpu());
        if (!ep.equals(ap)) {
            out.add("previous vcpu: expected " + ep + ", actual " + ap);
        }
        String en = JournalPrinter.who(e.nextDomid(), e.nextVcpu());
        String an = JournalPrinter.who(a.nextDomid(), a.nextVcpu());
        if (!en.equals(an)) {
            out.add("next vcpu: expected " + en + ", actual " + an);
        }
        field("timeslice", e.timesliceNs(), a.timesliceNs());
    }

    private void lifecycle(JournalRecord.Lifecycle e, JournalRecord.Lifecycle a) {
        if (e.event() != a.event()) {
            out.add("event: expected " + e.event() + ", actual " + a.event());
        }
        who(e, a);
        field("arg", e.arg(), a.arg());
        if (e.consequence() != a.consequence()) {
            out.add("emitted while applying an input: expected " + (e.consequence() ? "yes" : "no") + ", actual "
                    + (a.consequence() ? "yes" : "no"));
        }
    }

    private void field(String name, long e, long a) {
        if (e != a) {
            out.add(name + ": expected " + e + ", actual " + a);
        }
    }

    private void hexField(String name, long e, long a) {
        if (e != a) {
            out.add(name + ": expected " + hex(e) + ", actual " + hex(a));
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
