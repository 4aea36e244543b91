package org.pvsim.hypervisor.device;

import static org.pvsim.hypervisor.abi.device.PvsimDiskDescriptor.*;

import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.device.DiskSpec;
import org.pvsim.hypervisor.irq.IrqLines;
import org.pvsim.hypervisor.journal.TimerClass;
import org.pvsim.hypervisor.time.HypervisorTimers;
import org.pvsim.hypervisor.time.Timer;

/**
 * The machine's disk controller ({@link org.pvsim.hypervisor.abi.device.PvsimDiskDescriptor} is its programming
 * interface; {@link DiskSpec} its timing). A submitted command is read from dom0's memory once, checked, and given a
 * slot whose device timer fires when the command is done: then its data moves by DMA, its status and a completion
 * are written, and the interrupt line is asserted.
 *
 * <p>Invariants: at most {@code queueDepth} commands are outstanding, each in its own slot with its timer armed;
 * every accepted command completes exactly once unless the controller is reset first; nothing is allocated per
 * command.
 */
public final class MachineDisk implements PortDevice {
    /** The device number in TIMER records' vCPU field. */
    public static final int DEVICE_NUMBER = 0;

    private final DiskSpec spec;
    private final Dma dma;
    private final IrqLines lines;
    private final HypervisorTimers timers;
    private final SparseMedium medium = new SparseMedium();
    private final byte[] cmd = new byte[CMD_MAX_SIZE];
    private final byte[] data = new byte[4096];

    private final boolean[] busy;
    private final long[] cmdMaddr;
    private final int[] tag;
    private final int[] op;
    private final long[] sector;
    private final int[] nrSegments;
    private final long[][] segMaddr;
    private final int[][] segBytes;
    private final Timer[] slotTimers;

    private int cmdAddrLo;
    private long cqBase;
    private boolean enabled;
    private int isr;
    private int failNext;
    private int cqProd;
    private long completed;
    private long bytesRead;
    private long bytesWritten;
    private long refused;
    private int outstanding;
    private long busFreeAt;
    private long lastEndSector = -1;

    public MachineDisk(DiskSpec spec, Dma dma, IrqLines lines, HypervisorTimers timers) {
        this.spec = spec;
        this.dma = dma;
        this.lines = lines;
        this.timers = timers;
        int q = spec.queueDepth();
        busy = new boolean[q];
        cmdMaddr = new long[q];
        tag = new int[q];
        op = new int[q];
        sector = new long[q];
        nrSegments = new int[q];
        segMaddr = new long[q][MAX_SEGMENTS];
        segBytes = new int[q][MAX_SEGMENTS];
        slotTimers = new Timer[q];
        for (int i = 0; i < q; i++) {
            int slot = i;
            slotTimers[i] = timers.create(
                    TimerClass.DEVICE, -1, DEVICE_NUMBER, i, "disk slot " + i, now -> complete(slot, now));
        }
    }

    /** What the disk is. */
    public DiskSpec spec() {
        return spec;
    }

    @Override
    public int in(int offset, int size, long now) {
        switch (offset) {
            case REG_ID:
                return ID;
            case REG_CAPACITY_LO:
                return (int) spec.sectors();
            case REG_CAPACITY_HI:
                return (int) (spec.sectors() >>> 32);
            case REG_MAX_QUEUE:
                return spec.queueDepth();
            case REG_CQ_BASE_LO:
                return (int) cqBase;
            case REG_CQ_BASE_HI:
                return (int) (cqBase >>> 32);
            case REG_ISR: {
                int v = isr;
                isr = 0;
                return v;
            }
            case REG_IRQ:
                return GSI;
            case REG_COMPLETED:
                return (int) completed;
            default:
                return 0;
        }
    }

    @Override
    public void out(int offset, int size, int value, long now) {
        switch (offset) {
            case REG_CMD_ADDR_LO:
                cmdAddrLo = value;
                return;
            case REG_CMD_ADDR_HI:
                submit(((long) value << 32) | (cmdAddrLo & 0xFFFFFFFFL), now);
                return;
            case REG_CQ_BASE_LO:
                cqBase = (cqBase & 0xFFFFFFFF00000000L) | (value & 0xFFFFFFFFL);
                return;
            case REG_CQ_BASE_HI:
                cqBase = (cqBase & 0xFFFFFFFFL) | ((long) value << 32);
                return;
            case REG_CONTROL:
                if ((value & CONTROL_ENABLE) != 0) {
                    enabled = true;
                } else {
                    reset();
                }
                return;
            case REG_FAIL_NEXT:
                failNext = (int) Math.min(Integer.MAX_VALUE, (long) failNext + Math.max(0, value));
                return;
            default:
        }
    }

    private void reset() {
        enabled = false;
        for (int i = 0; i < busy.length; i++) {
            if (busy[i]) {
                timers.stop(slotTimers[i]);
                busy[i] = false;
            }
        }
        outstanding = 0;
        isr = 0;
        cqProd = 0;
        failNext = 0;
        lastEndSector = -1;
    }

    private void submit(long maddr, long now) {
        if (!enabled || (maddr & 7) != 0 || !dma.read(maddr, cmd, 0, CMD_SEGMENTS_OFFSET)) {
            refused++;
            return; // nothing to answer to: the command cannot even be read
        }
        int t = LittleEndian.getU16(cmd, CMD_TAG_OFFSET);
        int o = cmd[CMD_OP_OFFSET] & 0xFF;
        int n = cmd[CMD_NR_SEGMENTS_OFFSET] & 0xFF;
        long first = LittleEndian.getI64(cmd, CMD_SECTOR_OFFSET);
        if (outstanding == busy.length) {
            finish(maddr, t, STATUS_BUSY, now);
            return;
        }
        int slot = 0;
        while (busy[slot]) {
            slot++;
        }
        long bytes = 0;
        boolean valid = o <= OP_FLUSH && n <= MAX_SEGMENTS && (o == OP_FLUSH || n > 0);
        if (valid && n > 0) {
            valid = dma.read(maddr + CMD_SEGMENTS_OFFSET, cmd, CMD_SEGMENTS_OFFSET, n * SEGMENT_SIZE);
        }
        for (int i = 0; valid && i < n; i++) {
            int at = CMD_SEGMENTS_OFFSET + i * SEGMENT_SIZE;
            long a = LittleEndian.getI64(cmd, at + SEGMENT_MADDR_OFFSET);
            int b = LittleEndian.getI32(cmd, at + SEGMENT_BYTES_OFFSET);
            valid = b > 0 && b % SECTOR_SIZE == 0 && dma.ok(a, b);
            segMaddr[slot][i] = a;
            segBytes[slot][i] = b;
            bytes += b;
        }
        if (valid && o != OP_FLUSH) {
            long count = bytes / SECTOR_SIZE;
            valid = first >= 0 && first <= spec.sectors() - count;
        }
        if (!valid) {
            finish(maddr, t, STATUS_INVALID, now);
            return;
        }
        busy[slot] = true;
        outstanding++;
        cmdMaddr[slot] = maddr;
        tag[slot] = t;
        op[slot] = o;
        sector[slot] = first;
        nrSegments[slot] = n;
        timers.set(slotTimers[slot], doneAt(o == OP_FLUSH ? -1 : first, bytes, now));
    }

    /** When a command of {@code bytes} at {@code first} (-1: none) submitted at {@code now} completes. */
    private long doneAt(long first, long bytes, long now) {
        long access = first >= 0 && first != lastEndSector ? spec.accessNs() : 0;
        if (first >= 0) {
            lastEndSector = first + bytes / SECTOR_SIZE;
        }
        long transfer = spec.transferNs(bytes);
        long done;
        if (spec.serial()) {
            done = Math.max(now, busFreeAt) + spec.latencyNs() + access + transfer;
        } else {
            done = Math.max(now + spec.latencyNs() + access, busFreeAt) + transfer;
        }
        busFreeAt = spec.serial() ? done : Math.max(busFreeAt, done);
        return done;
    }

    private void complete(int slot, long now) {
        busy[slot] = false;
        outstanding--;
        int status = STATUS_OK;
        if (failNext > 0) {
            failNext--;
            status = STATUS_ERROR;
        } else if (op[slot] != OP_FLUSH) {
            long pos = sector[slot] * SECTOR_SIZE;
            for (int i = 0; i < nrSegments[slot]; i++) {
                int b = segBytes[slot][i];
                if (op[slot] == OP_READ) {
                    medium.read(pos, data, 0, b);
                    if (!dma.write(segMaddr[slot][i], data, 0, b)) {
                        status = STATUS_ERROR;
                    }
                    bytesRead += b;
                } else {
                    if (dma.read(segMaddr[slot][i], data, 0, b)) {
                        medium.write(pos, data, 0, b);
                    } else {
                        status = STATUS_ERROR;
                    }
                    bytesWritten += b;
                }
                pos += b;
            }
        }
        finish(cmdMaddr[slot], tag[slot], status, now);
    }

    private void finish(long maddr, int t, int status, long now) {
        dma.write32(maddr + CMD_STATUS_OFFSET, status);
        if (cqBase != 0) {
            dma.write32(cqBase + completionOffset(cqProd), completion(t, status));
            cqProd++;
            dma.write32(cqBase + CQ_PROD_OFFSET, cqProd);
        }
        completed++;
        isr |= ISR_COMPLETION;
        lines.assertLine(GSI, now);
    }

    /** Commands completed since boot (refused ones included). */
    public long completed() {
        return completed;
    }

    /** Bytes read from the medium. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Bytes written to the medium. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Submissions that could not be read at all (disabled controller, misaligned or non-RAM address). */
    public long refused() {
        return refused;
    }

    /** Commands outstanding now. */
    public int outstanding() {
        return outstanding;
    }
}
