package org.pvsim.dom0.hw;

import static org.pvsim.hypervisor.abi.device.PvsimDiskDescriptor.*;

import org.pvsim.dom0.backend.BlockCompletion;
import org.pvsim.dom0.backend.BlockStore;
import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.io.BlkifOp;
import org.pvsim.hypervisor.abi.io.BlkifResponseDescriptor;

/**
 * dom0's driver for the machine's disk controller ({@link org.pvsim.hypervisor.abi.device.PvsimDiskDescriptor}), and
 * the {@link BlockStore} blkback serves {@code /dev/...} disks from. It starts the controller the first time it is
 * used: a completion page and a page of command slots in dom0's memory, the controller's interrupt line as a PIRQ
 * bound to an event channel. Each request becomes one command whose segments are blkback's own bounce pages (the
 * controller moves the data by DMA, dom0's CPU does not copy it); when the controller has as many commands as its
 * queue depth, further requests wait in the driver's queue, in order. The interrupt handler reads the completions,
 * answers blkback, starts waiting requests, and acknowledges the PIRQ.
 *
 * <p>Invariants: a slot holds at most one command; every request taken completes exactly once (unless the run
 * ends); nothing is allocated per request.
 */
public final class MachineDiskDriver implements BlockStore {
    /** dom0's CPU time to build and submit a command. */
    public static final long SUBMIT_NS = 300;
    /** dom0's CPU time per completion handled. */
    public static final long COMPLETE_NS = 200;
    /** Requests that may wait in the driver when the controller's queue is full. */
    public static final int WAIT_QUEUE = 512;

    private static final int SLOT_BYTES = 256;
    private static final int SLOTS_PER_PAGE = 4096 / SLOT_BYTES;
    private static final int MAX_SLOTS = 64;

    private final Kernel kernel;
    private final DeviceAccess access;
    private final byte[] cmd = new byte[CMD_MAX_SIZE];

    private boolean started;
    private boolean broken;
    private long sectors;
    private int slots;
    private long cqVa;
    private final long[] slotVa = new long[MAX_SLOTS];
    private final boolean[] busy = new boolean[MAX_SLOTS];
    private final long[] tags = new long[MAX_SLOTS];
    private final BlockCompletion[] dones = new BlockCompletion[MAX_SLOTS];
    private int outstanding;
    private int cons;
    private int pendingFailures;

    private final int[] qOp = new int[WAIT_QUEUE];
    private final long[] qSector = new long[WAIT_QUEUE];
    private final int[] qCount = new int[WAIT_QUEUE];
    private final long[][] qPfns = new long[WAIT_QUEUE][];
    private final long[] qTag = new long[WAIT_QUEUE];
    private final BlockCompletion[] qDone = new BlockCompletion[WAIT_QUEUE];
    private int qHead;
    private int qSize;

    private long submitted;
    private long completed;
    private long failed;
    private long interrupts;
    private long waited;

    /** The driver in dom0's {@code kernel}; the controller is started on first use. */
    public MachineDiskDriver(Kernel kernel) {
        this.kernel = kernel;
        this.access = new DeviceAccess(kernel);
    }

    private void start(GuestCpu cpu) {
        started = true;
        if (access.in(cpu, PORT_BASE + REG_ID) != ID) {
            broken = true;
            kernel.printk(cpu, "pvsim-disk: no disk controller at port 0x" + Integer.toHexString(PORT_BASE));
            return;
        }
        sectors = (access.in(cpu, PORT_BASE + REG_CAPACITY_LO) & 0xFFFFFFFFL)
                | ((long) access.in(cpu, PORT_BASE + REG_CAPACITY_HI) << 32);
        slots = Math.min(MAX_SLOTS, access.in(cpu, PORT_BASE + REG_MAX_QUEUE));
        long cqPfn = kernel.allocPfn();
        cqVa = kernel.va(cqPfn);
        for (int i = 0; i < slots; i += SLOTS_PER_PAGE) {
            long va = kernel.va(kernel.allocPfn());
            for (int j = 0; j < SLOTS_PER_PAGE && i + j < slots; j++) {
                slotVa[i + j] = va + (long) j * SLOT_BYTES;
            }
        }
        long cq = kernel.mfn(cqPfn) << 12;
        access.out(cpu, PORT_BASE + REG_CQ_BASE_LO, (int) cq);
        access.out(cpu, PORT_BASE + REG_CQ_BASE_HI, (int) (cq >>> 32));
        int gsi = access.in(cpu, PORT_BASE + REG_IRQ);
        int port = access.bindInterrupt(cpu, gsi, this::interrupt);
        if (port < 0) {
            broken = true;
            kernel.printk(cpu, "pvsim-disk: cannot bind its interrupt (GSI " + gsi + "): error " + port);
            return;
        }
        access.out(cpu, PORT_BASE + REG_CONTROL, CONTROL_ENABLE);
        kernel.printk(
                cpu,
                "pvsim-disk: " + sectors + " sectors, queue depth " + slots + ", GSI " + gsi + " as PIRQ "
                        + access.pirq() + " on event channel " + port);
    }

    @Override
    public void open(GuestCpu cpu) {
        if (!started) {
            start(cpu);
        }
    }

    /** The controller's capacity, as read when the driver started it (0 before, or with no controller). */
    @Override
    public long sectors() {
        return sectors;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public boolean submit(
            GuestCpu cpu,
            int op,
            long sector,
            int sectorCount,
            long[] bufferPfns,
            int nPages,
            long tag,
            BlockCompletion done) {
        if (!started) {
            start(cpu);
        }
        boolean flush = op == BlkifOp.BLKIF_OP_FLUSH_DISKCACHE;
        if (broken
                || !flush
                        && (sector < 0
                                || sectorCount <= 0
                                || sector + sectorCount > sectors
                                || (sectorCount + 7) / 8 > nPages
                                || (sectorCount + 7) / 8 > MAX_SEGMENTS)) {
            done.done(cpu, tag, BlkifResponseDescriptor.BLKIF_RSP_ERROR);
            return true;
        }
        if (pendingFailures > 0) {
            access.out(cpu, PORT_BASE + REG_FAIL_NEXT, pendingFailures);
            pendingFailures = 0;
        }
        int slot = freeSlot();
        if (slot >= 0 && qSize == 0) {
            issue(cpu, slot, op, sector, sectorCount, bufferPfns, tag, done);
            return true;
        }
        if (qSize == WAIT_QUEUE) {
            return false;
        }
        int i = (qHead + qSize) % WAIT_QUEUE;
        qOp[i] = op;
        qSector[i] = sector;
        qCount[i] = sectorCount;
        qPfns[i] = bufferPfns;
        qTag[i] = tag;
        qDone[i] = done;
        qSize++;
        waited++;
        return true;
    }

    private int freeSlot() {
        if (outstanding == slots) {
            return -1;
        }
        for (int i = 0; i < slots; i++) {
            if (!busy[i]) {
                return i;
            }
        }
        return -1;
    }

    private void issue(
            GuestCpu cpu, int slot, int op, long sector, int count, long[] pfns, long tag, BlockCompletion done) {
        boolean flush = op == BlkifOp.BLKIF_OP_FLUSH_DISKCACHE;
        int segments = flush ? 0 : (count + 7) / 8;
        cmd[CMD_OP_OFFSET] = (byte) (flush ? OP_FLUSH : op == BlkifOp.BLKIF_OP_WRITE ? OP_WRITE : OP_READ);
        cmd[CMD_NR_SEGMENTS_OFFSET] = (byte) segments;
        LittleEndian.putU16(cmd, CMD_TAG_OFFSET, slot);
        LittleEndian.putI32(cmd, CMD_STATUS_OFFSET, STATUS_PENDING);
        LittleEndian.putI64(cmd, CMD_SECTOR_OFFSET, flush ? 0 : sector);
        for (int i = 0; i < segments; i++) {
            int at = CMD_SEGMENTS_OFFSET + i * SEGMENT_SIZE;
            LittleEndian.putI64(cmd, at + SEGMENT_MADDR_OFFSET, kernel.mfn(pfns[i]) << 12);
            LittleEndian.putI32(cmd, at + SEGMENT_BYTES_OFFSET, Math.min(8, count - i * 8) * SECTOR_SIZE);
            LittleEndian.putI32(cmd, at + SEGMENT_BYTES_OFFSET + 4, 0);
        }
        cpu.write(slotVa[slot], cmd, 0, CMD_SEGMENTS_OFFSET + segments * SEGMENT_SIZE);
        busy[slot] = true;
        tags[slot] = tag;
        dones[slot] = done;
        outstanding++;
        submitted++;
        long maddr = (kernel.mfn(kernel.pfnOfVa(slotVa[slot])) << 12) | (slotVa[slot] & 0xFFF);
        access.out(cpu, PORT_BASE + REG_CMD_ADDR_LO, (int) maddr);
        access.out(cpu, PORT_BASE + REG_CMD_ADDR_HI, (int) (maddr >>> 32));
        cpu.compute(SUBMIT_NS);
    }

    /** The controller's interrupt: completions to hand back, then waiting requests to start. */
    private void interrupt(GuestCpu cpu, int port) {
        interrupts++;
        access.in(cpu, PORT_BASE + REG_ISR);
        int prod = cpu.read32(cqVa + CQ_PROD_OFFSET);
        while (cons != prod) {
            int word = cpu.read32(cqVa + completionOffset(cons));
            cons++;
            int slot = word & 0xFFFF;
            int status = word >>> 16;
            if (slot >= slots || !busy[slot]) {
                continue; // not ours: a controller that misbehaves is not believed
            }
            busy[slot] = false;
            outstanding--;
            completed++;
            BlockCompletion done = dones[slot];
            dones[slot] = null;
            if (status != STATUS_OK) {
                failed++;
            }
            cpu.compute(COMPLETE_NS);
            done.done(
                    cpu,
                    tags[slot],
                    status == STATUS_OK
                            ? BlkifResponseDescriptor.BLKIF_RSP_OKAY
                            : BlkifResponseDescriptor.BLKIF_RSP_ERROR);
        }
        int slot;
        while (qSize > 0 && (slot = freeSlot()) >= 0) {
            int i = qHead;
            qHead = (qHead + 1) % WAIT_QUEUE;
            qSize--;
            BlockCompletion done = qDone[i];
            qDone[i] = null;
            long[] pfns = qPfns[i];
            qPfns[i] = null;
            issue(cpu, slot, qOp[i], qSector[i], qCount[i], pfns, qTag[i], done);
        }
        access.eoi(cpu);
    }

    @Override
    public boolean injectErrors(GuestCpu cpu, int n) {
        pendingFailures += n;
        if (started && !broken) {
            access.out(cpu, PORT_BASE + REG_FAIL_NEXT, pendingFailures);
            pendingFailures = 0;
        }
        return true;
    }

    /** Commands given to the controller. */
    public long submitted() {
        return submitted;
    }

    /** Commands the controller completed. */
    public long completed() {
        return completed;
    }

    /** Completions that were errors. */
    public long failed() {
        return failed;
    }

    /** Interrupts handled. */
    public long interrupts() {
        return interrupts;
    }

    /** Requests that had to wait for a free slot. */
    public long waited() {
        return waited;
    }
}
