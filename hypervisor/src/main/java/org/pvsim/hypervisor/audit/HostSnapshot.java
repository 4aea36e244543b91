package org.pvsim.hypervisor.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.MachineMemory;

/**
 * A copy of everything a hypercall may change — every frame's bookkeeping and contents, every domain's counters and
 * state, every vCPU's bases — so a test can check failure atomicity (INVARIANTS.md I15): a call that fails leaves
 * the host as it found it. Meant for small test hosts: it copies all of memory.
 */
public final class HostSnapshot {
    private final long[] frameState;
    private final byte[][] contents;
    private final List<String> domainState;

    private HostSnapshot(long[] frameState, byte[][] contents, List<String> domainState) {
        this.frameState = frameState;
        this.contents = contents;
        this.domainState = domainState;
    }

    /** Takes a snapshot of {@code hv}. */
    public static HostSnapshot of(Hypervisor hv) {
        FrameTable f = hv.machine().frames();
        MachineMemory m = hv.machine().memory();
        int n = hv.machine().nrFrames();
        long[] state = new long[n * 8];
        byte[][] contents = new byte[n][];
        for (int mfn = 0; mfn < n; mfn++) {
            int b = mfn * 8;
            state[b] = f.owner(mfn);
            state[b + 1] = f.count(mfn);
            state[b + 2] = (f.hasPgc(mfn, FrameTable.PGC_allocated) ? 1 : 0)
                    | (f.hasPgc(mfn, FrameTable.PGC_xen_heap) ? 2 : 0);
            state[b + 3] = f.type(mfn).code;
            state[b + 4] = f.typeCount(mfn);
            state[b + 5] = (f.isPinned(mfn) ? 1 : 0) | (f.isValidated(mfn) ? 2 : 0);
            state[b + 6] = f.linear(mfn);
            state[b + 7] = f.m2p(mfn);
            if (!m.isZero(mfn)) {
                contents[mfn] = new byte[X86Paging.PAGE_SIZE];
                m.read(mfn, 0, contents[mfn], 0, X86Paging.PAGE_SIZE);
            }
        }
        List<String> domains = new ArrayList<>();
        for (Domain d : hv.domains().all()) {
            StringBuilder sb = new StringBuilder();
            sb.append("d")
                    .append(d.domid())
                    .append(" tot=")
                    .append(d.totPages())
                    .append(" max=")
                    .append(d.maxPages())
                    .append(" heap=")
                    .append(d.xenheapPages())
                    .append(" cpause=")
                    .append(d.controllerPauseCount())
                    .append(" pause=")
                    .append(d.pauseCount())
                    .append(" shutting=")
                    .append(d.isShuttingDown())
                    .append(" shut=")
                    .append(d.isShutDown())
                    .append(" code=")
                    .append(d.shutdownCode())
                    .append(" dying=")
                    .append(d.dying());
            for (int i = 0; i < d.maxVcpus(); i++) {
                Vcpu v = d.vcpu(i);
                sb.append(" v")
                        .append(i)
                        .append("[base=")
                        .append(v.guestTable())
                        .append(" user=")
                        .append(v.guestTableUser())
                        .append(" flags=")
                        .append(v.pauseFlags())
                        .append(" pause=")
                        .append(v.pauseCount())
                        .append(" init=")
                        .append(v.isInitialised())
                        .append("]");
            }
            domains.add(sb.toString());
        }
        return new HostSnapshot(state, contents, domains);
    }

    /**
     * The first difference between this snapshot and {@code later}, described for a person, or {@code null} if they
     * are the same.
     */
    public String firstDifference(HostSnapshot later) {
        return difference(later, false, true);
    }

    /**
     * Like {@link #firstDifference}, but ignoring the type and validation state of frames that hold no type reference
     * in either snapshot. Such state is not observable: the next type reference re-decides it. Xen's own failure
     * paths leave it changed (a promotion that fails resets the type, {@code validate_page}; a failed validation of a
     * tree devalidates the lower tables it had promoted), so failure atomicity is judged on the rest.
     */
    public String firstVisibleDifference(HostSnapshot later) {
        return difference(later, true, true);
    }

    /**
     * Like {@link #firstVisibleDifference}, but not comparing what frames hold; {@link #framesWithChangedContents}
     * and {@link #word} let the caller judge that part itself.
     */
    public String firstVisibleDifferenceButContents(HostSnapshot later) {
        return difference(later, true, false);
    }

    /** The frames whose contents differ between this snapshot and {@code later}, in ascending order. */
    public List<Long> framesWithChangedContents(HostSnapshot later) {
        List<Long> changed = new ArrayList<>();
        for (int mfn = 0; mfn < contents.length; mfn++) {
            byte[] a = contents[mfn];
            byte[] b = later.contents[mfn];
            if (a == null ? b != null : !Arrays.equals(a, b)) {
                changed.add((long) mfn);
            }
        }
        return changed;
    }

    /** The 64-bit word {@code index} (0-511) of frame {@code mfn} as the snapshot holds it. */
    public long word(long mfn, int index) {
        byte[] c = contents[(int) mfn];
        return c == null ? 0 : LittleEndian.getI64(c, index * 8);
    }

    private String difference(HostSnapshot later, boolean ignoreIdleTypes, boolean compareContents) {
        if (!domainState.equals(later.domainState)) {
            for (int i = 0; i < Math.max(domainState.size(), later.domainState.size()); i++) {
                String a = i < domainState.size() ? domainState.get(i) : "(none)";
                String b = i < later.domainState.size() ? later.domainState.get(i) : "(none)";
                if (!a.equals(b)) {
                    return "domain state changed: " + a + " -> " + b;
                }
            }
        }
        String[] fields = {"owner", "count", "pgc", "type", "type count", "pinned/validated", "linear", "m2p"};
        for (int i = 0; i < frameState.length; i++) {
            int field = i % 8;
            if (ignoreIdleTypes
                    && (field == 3 || field == 5)
                    && frameState[i - field + 4] == 0
                    && later.frameState[i - field + 4] == 0) {
                continue;
            }
            if (frameState[i] != later.frameState[i]) {
                return "frame " + (i / 8) + " " + fields[i % 8] + " changed: " + frameState[i] + " -> "
                        + later.frameState[i];
            }
        }
        if (compareContents) {
            List<Long> changed = framesWithChangedContents(later);
            if (!changed.isEmpty()) {
                return "contents of frame " + changed.get(0) + " changed";
            }
        }
        return null;
    }
}
