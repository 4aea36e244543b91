package org.pvsim.guest.hypercall;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.hypervisor.abi.CallbackOp;
import org.pvsim.hypervisor.abi.CallbackRegisterDescriptor;
import org.pvsim.hypervisor.abi.CallbackType;
import org.pvsim.hypervisor.abi.ConsoleIoCmd;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.MmuUpdateDescriptor;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.MmuextOpDescriptor;
import org.pvsim.hypervisor.abi.PhysdevEoiDescriptor;
import org.pvsim.hypervisor.abi.PhysdevIrqStatusQueryDescriptor;
import org.pvsim.hypervisor.abi.PhysdevMapPirqDescriptor;
import org.pvsim.hypervisor.abi.PhysdevOp;
import org.pvsim.hypervisor.abi.PhysdevSetIoplDescriptor;
import org.pvsim.hypervisor.abi.PhysdevUnmapPirqDescriptor;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedPinOverrideDescriptor;
import org.pvsim.hypervisor.abi.SchedPollDescriptor;
import org.pvsim.hypervisor.abi.SchedRemoteShutdownDescriptor;
import org.pvsim.hypervisor.abi.SchedShutdownDescriptor;
import org.pvsim.hypervisor.abi.SchedWatchdogDescriptor;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;
import org.pvsim.hypervisor.abi.VcpuOp;
import org.pvsim.hypervisor.abi.VcpuRunstateInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuSetPeriodicTimerDescriptor;
import org.pvsim.hypervisor.abi.VcpuSetSingleshotTimerDescriptor;
import org.pvsim.hypervisor.abi.XenMemoryReservationDescriptor;
import org.pvsim.hypervisor.abi.XenVersionCmd;

/**
 * Typed hypercall wrappers for one vCPU, the counterpart of Linux's {@code HYPERVISOR_*} inlines: each marshals its
 * structures into the vCPU's {@link ArgumentArea} with ordinary guest stores, passes their guest virtual addresses in
 * registers, and reads what Xen wrote back from guest memory. No Java object crosses into the hypervisor.
 *
 * <p>Results are Xen's: 0 or a count on success, a negated {@code Errno} on failure. Batched MMU calls larger than
 * the call page are split into several hypercalls that stop at the first error; {@link #lastDone()} then says how many
 * requests took effect in all.
 *
 * <p>An instance belongs to one vCPU and is rebound to the {@link GuestCpu} of each step ({@link #bind}). Apart from
 * {@link #consoleWrite(String)}'s encoding and {@link #runstateInfo(int)}'s record, the wrappers allocate nothing.
 */
public final class Hypercalls {
    /** {@code mmu_update} requests one hypercall carries. */
    public static final int MMU_UPDATE_BATCH = ArgumentArea.CALL_BYTES / MmuUpdateDescriptor.SIZE;
    /** {@code mmuext_op} operations one hypercall carries. */
    public static final int MMUEXT_BATCH = ArgumentArea.CALL_BYTES / MmuextOpDescriptor.SIZE;
    /** Extents one {@code memory_op} reservation carries. */
    public static final int EXTENT_BATCH = PAGE_SIZE / 8;
    /**
     * Ports one {@link #poll} can pass: the call page after the {@code sched_poll}. More than Xen's limit ({@link
     * SchedPollDescriptor#MAX_NR_PORTS}), so that a caller can see Xen refuse a long list.
     */
    public static final int POLL_PORTS_CAPACITY =
            (ArgumentArea.CALL_BYTES - SchedPollDescriptor.SIZE) / SchedPollDescriptor.PORT_SIZE;

    private final ArgumentArea area;
    private final ScratchPages scratch;
    private final MulticallBatch batch;
    private final SchedulerControl schedulerControl;
    private final byte[] page = new byte[PAGE_SIZE];
    private GuestCpu cpu;
    private int lastDone;
    private long bufferVa;
    private int bufferBytes;
    private int bufferPages;

    /**
     * Wrappers marshalling into {@code area}.
     *
     * @param scratch where the scratch buffer grows when a caller needs more than {@link
     *     ArgumentArea#INITIAL_BUFFER_BYTES}
     */
    public Hypercalls(ArgumentArea area, ScratchPages scratch) {
        this.area = area;
        this.scratch = scratch;
        this.batch = new MulticallBatch(this, area);
        this.schedulerControl = new SchedulerControl(this);
        this.bufferVa = area.bufferVa();
        this.bufferBytes = ArgumentArea.INITIAL_BUFFER_BYTES;
    }

    /** Binds the wrappers to the vCPU running this step; returns {@code this}. */
    public Hypercalls bind(GuestCpu cpu) {
        this.cpu = cpu;
        return this;
    }

    /** The vCPU bound by {@link #bind}. */
    public GuestCpu cpu() {
        if (cpu == null) {
            throw new IllegalStateException("hypercall wrappers used before being bound to a vCPU");
        }
        return cpu;
    }

    /** The guest memory this vCPU marshals into. */
    public ArgumentArea area() {
        return area;
    }

    /**
     * A hypercall with raw register arguments, for calls without a wrapper (and for tests that pass what no wrapper
     * would): {@code number} in RAX, {@code a1..a5} in RDI, RSI, RDX, R10 and R8.
     */
    public long raw(int number, long a1, long a2, long a3, long a4, long a5) {
        return cpu().hypercall(number, a1, a2, a3, a4, a5);
    }

    // -------------------------------------------------------------------------------------------------------------
    // PV MMU

    /** Requests of the last batched MMU call that took effect ({@code *pdone}, summed over its hypercalls). */
    public int lastDone() {
        return lastDone;
    }

    /**
     * {@code mmu_update}: applies {@code n} requests {@code (ptrs[i], vals[i])}, in order, stopping at the first
     * error. {@code ptrs[i]} is a machine address with the {@code MMU_*} command in its low two bits.
     *
     * @param foreigndom {@link DomId#DOMID_SELF}, or the domain owning the frames the new entries map
     * @return 0, or the first error; {@link #lastDone()} counts the requests done
     */
    public long mmuUpdate(long[] ptrs, long[] vals, int n, int foreigndom) {
        lastDone = 0;
        for (int start = 0; start < n; start += MMU_UPDATE_BATCH) {
            int k = Math.min(n - start, MMU_UPDATE_BATCH);
            Arrays.fill(page, 0, ArgumentArea.CALL_STRUCTS_OFFSET, (byte) 0);
            for (int i = 0; i < k; i++) {
                int off = ArgumentArea.CALL_STRUCTS_OFFSET + i * MmuUpdateDescriptor.SIZE;
                LittleEndian.putI64(page, off + MmuUpdateDescriptor.PTR_OFFSET, ptrs[start + i]);
                LittleEndian.putI64(page, off + MmuUpdateDescriptor.VAL_OFFSET, vals[start + i]);
            }
            long rc = batchedCall(Hypercall.mmu_update, k, k * MmuUpdateDescriptor.SIZE, foreigndom);
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    }

    /** {@code mmu_update} of one request. */
    public long mmuUpdate(long ptr, long val, int foreigndom) {
        Arrays.fill(page, 0, ArgumentArea.CALL_STRUCTS_OFFSET, (byte) 0);
        LittleEndian.putI64(page, ArgumentArea.CALL_STRUCTS_OFFSET + MmuUpdateDescriptor.PTR_OFFSET, ptr);
        LittleEndian.putI64(page, ArgumentArea.CALL_STRUCTS_OFFSET + MmuUpdateDescriptor.VAL_OFFSET, val);
        lastDone = 0;
        return batchedCall(Hypercall.mmu_update, 1, MmuUpdateDescriptor.SIZE, foreigndom);
    }

    /**
     * {@code mmuext_op} of one operation.
     *
     * @param arg1 the machine frame, or the linear address of the INVLPG commands
     * @param arg2 {@code nr_ents}, a vCPU-mask address or the source frame, as {@code cmd} needs; 0 otherwise
     */
    public long mmuext(MmuextCmd cmd, long arg1, long arg2, int foreigndom) {
        Arrays.fill(page, 0, ArgumentArea.CALL_STRUCTS_OFFSET + MmuextOpDescriptor.SIZE, (byte) 0);
        putMmuext(0, cmd, arg1, arg2);
        lastDone = 0;
        return batchedCall(Hypercall.mmuext_op, 1, MmuextOpDescriptor.SIZE, foreigndom);
    }

    /**
     * {@code mmuext_op} of {@code n} operations, in order, stopping at the first error.
     *
     * @return 0, or the first error; {@link #lastDone()} counts the operations done
     */
    public long mmuext(MmuextCmd[] cmds, long[] arg1s, long[] arg2s, int n, int foreigndom) {
        lastDone = 0;
        for (int start = 0; start < n; start += MMUEXT_BATCH) {
            int k = Math.min(n - start, MMUEXT_BATCH);
            Arrays.fill(page, 0, ArgumentArea.CALL_STRUCTS_OFFSET + k * MmuextOpDescriptor.SIZE, (byte) 0);
            for (int i = 0; i < k; i++) {
                putMmuext(i, cmds[start + i], arg1s[start + i], arg2s[start + i]);
            }
            long rc = batchedCall(Hypercall.mmuext_op, k, k * MmuextOpDescriptor.SIZE, foreigndom);
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    }

    private void putMmuext(int i, MmuextCmd cmd, long arg1, long arg2) {
        int off = ArgumentArea.CALL_STRUCTS_OFFSET + i * MmuextOpDescriptor.SIZE;
        LittleEndian.putI32(page, off + MmuextOpDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI64(page, off + MmuextOpDescriptor.ARG1_OFFSET, arg1);
        LittleEndian.putI64(page, off + MmuextOpDescriptor.ARG2_OFFSET, arg2);
    }

    /** Writes the zeroed done word and {@code structBytes} of structures, calls, and adds {@code *pdone}. */
    private long batchedCall(Hypercall op, int count, int structBytes, int foreigndom) {
        cpu().write(area.doneVa(), page, 0, ArgumentArea.CALL_STRUCTS_OFFSET + structBytes);
        long rc = cpu.hypercall(op.number, area.callVa(), count, area.doneVa(), foreigndom & 0xFFFF_FFFFL, 0);
        lastDone += cpu.read32(area.doneVa());
        return rc;
    }

    /** {@code update_va_mapping(va, pte, flags)}: sets the L1 entry mapping {@code va} in the current tables. */
    public long updateVaMapping(long va, long pte, long flags) {
        return cpu().hypercall(Hypercall.update_va_mapping.number, va, pte, flags, 0, 0);
    }

    /** {@code update_va_mapping_otherdomain(va, pte, flags, domid)}: the same, mapping a frame of {@code domid}. */
    public long updateVaMappingOtherdomain(long va, long pte, long flags, int domid) {
        return cpu().hypercall(Hypercall.update_va_mapping_otherdomain.number, va, pte, flags, domid, 0);
    }

    /** This vCPU's multicall batch, emptied. */
    public MulticallBatch multicall() {
        cpu();
        return batch.clear();
    }

    // -------------------------------------------------------------------------------------------------------------
    // memory_op

    /**
     * A reservation {@code memory_op}: {@code XENMEM_increase_reservation}, {@code decrease_reservation} or {@code
     * populate_physmap} on {@code n} extents of {@code 2^order} pages. {@code extents[0..n)} goes in (GMFNs for
     * decrease, GPFNs for populate) and, for increase and populate, comes back holding the MFNs Xen allocated. More
     * than {@link #EXTENT_BATCH} extents take several calls, stopping at the first short one.
     *
     * @param domid {@link DomId#DOMID_SELF} or, for a privileged caller, another domain
     * @return the extents done (fewer than {@code n} means failure), or a negative errno if Xen refused the first
     *     call outright
     */
    public long memoryReservation(MemoryOp op, long[] extents, int n, int order, int domid) {
        if (op != MemoryOp.XENMEM_increase_reservation
                && op != MemoryOp.XENMEM_decrease_reservation
                && op != MemoryOp.XENMEM_populate_physmap) {
            throw new IllegalArgumentException(op + " is not a reservation operation");
        }
        long total = 0;
        for (int start = 0; start < n; start += EXTENT_BATCH) {
            int k = Math.min(n - start, EXTENT_BATCH);
            for (int i = 0; i < k; i++) {
                LittleEndian.putI64(page, 8 * i, extents[start + i]);
            }
            cpu().write(area.listVa(), page, 0, 8 * k);
            Arrays.fill(page, 0, XenMemoryReservationDescriptor.SIZE, (byte) 0);
            LittleEndian.putI64(page, XenMemoryReservationDescriptor.EXTENT_START_OFFSET, area.listVa());
            LittleEndian.putI64(page, XenMemoryReservationDescriptor.NR_EXTENTS_OFFSET, k);
            LittleEndian.putI32(page, XenMemoryReservationDescriptor.EXTENT_ORDER_OFFSET, order);
            LittleEndian.putU16(page, XenMemoryReservationDescriptor.DOMID_OFFSET, domid);
            cpu.write(area.callVa(), page, 0, XenMemoryReservationDescriptor.SIZE);
            long rc = cpu.hypercall(Hypercall.memory_op.number, op.code, area.callVa(), 0, 0, 0);
            if (rc < 0) {
                return total == 0 ? rc : total;
            }
            if (op != MemoryOp.XENMEM_decrease_reservation && rc > 0) {
                cpu.read(area.listVa(), page, 0, (int) (8 * rc));
                for (int i = 0; i < rc; i++) {
                    extents[start + i] = LittleEndian.getI64(page, 8 * i);
                }
            }
            total += rc;
            if (rc < k) {
                break;
            }
        }
        return total;
    }

    /** {@code XENMEM_current_reservation}: the pages {@code domid} has ({@code tot_pages}), or a negative errno. */
    public long currentReservation(int domid) {
        return reservationSize(MemoryOp.XENMEM_current_reservation, domid);
    }

    /** {@code XENMEM_maximum_reservation}: the most pages {@code domid} may have ({@code max_pages}). */
    public long maximumReservation(int domid) {
        return reservationSize(MemoryOp.XENMEM_maximum_reservation, domid);
    }

    private long reservationSize(MemoryOp op, int domid) {
        LittleEndian.putU16(page, 0, domid);
        cpu().write(area.callVa(), page, 0, 2);
        return cpu.hypercall(Hypercall.memory_op.number, op.code, area.callVa(), 0, 0, 0);
    }

    /** {@code XENMEM_maximum_ram_page}: the host's machine frames. */
    public long maximumRamPage() {
        return cpu().hypercall(Hypercall.memory_op.number, MemoryOp.XENMEM_maximum_ram_page.code, 0, 0, 0, 0);
    }

    // -------------------------------------------------------------------------------------------------------------
    // sched_op

    /** {@code SCHEDOP_yield}: gives the rest of the timeslice away. */
    public long yield() {
        return cpu().hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_yield.code, 0, 0, 0, 0);
    }

    /** {@code SCHEDOP_block}: sleeps until an event is pending ({@code -ENOSYS} until pvsim has event channels). */
    public long block() {
        return cpu().hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_block.code, 0, 0, 0, 0);
    }

    /** {@code SCHEDOP_shutdown}: shuts this domain down; the vCPU does not run again unless it is resumed. */
    public long shutdown(ShutdownReason reason) {
        return shutdownOp(SchedOp.SCHEDOP_shutdown, reason);
    }

    /** {@code SCHEDOP_shutdown_code}: latches the reason a later shutdown will report. */
    public long shutdownCode(ShutdownReason reason) {
        return shutdownOp(SchedOp.SCHEDOP_shutdown_code, reason);
    }

    private long shutdownOp(SchedOp op, ShutdownReason reason) {
        LittleEndian.putI32(page, SchedShutdownDescriptor.REASON_OFFSET, reason.code);
        cpu().write(area.callVa(), page, 0, SchedShutdownDescriptor.SIZE);
        return cpu.hypercall(Hypercall.sched_op.number, op.code, area.callVa(), 0, 0, 0);
    }

    /** {@code SCHEDOP_remote_shutdown}: shuts domain {@code domid} down (privileged). */
    public long remoteShutdown(int domid, ShutdownReason reason) {
        Arrays.fill(page, 0, SchedRemoteShutdownDescriptor.SIZE, (byte) 0);
        LittleEndian.putU16(page, SchedRemoteShutdownDescriptor.DOMAIN_ID_OFFSET, domid);
        LittleEndian.putI32(page, SchedRemoteShutdownDescriptor.REASON_OFFSET, reason.code);
        cpu().write(area.callVa(), page, 0, SchedRemoteShutdownDescriptor.SIZE);
        return cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_remote_shutdown.code, area.callVa(), 0, 0, 0);
    }

    /**
     * {@code SCHEDOP_poll}: blocks until one of {@code ports[0..nrPorts)} is pending or until system time {@code
     * timeoutAbsNs} (0: no timeout), and returns 0 at once if one already is, or if an event is waiting for this
     * vCPU. With no ports and a timeout it is a timed sleep that needs no event. Xen refuses more than {@link
     * SchedPollDescriptor#MAX_NR_PORTS} ports, or an invalid one, with {@code -EINVAL}.
     *
     * @throws IllegalArgumentException if {@code nrPorts} is negative, more than {@code ports.length}, or more than
     *     {@link #POLL_PORTS_CAPACITY}
     */
    public long poll(int[] ports, int nrPorts, long timeoutAbsNs) {
        if (nrPorts < 0 || nrPorts > ports.length || nrPorts > POLL_PORTS_CAPACITY) {
            throw new IllegalArgumentException("poll of " + nrPorts + " ports: must be 0.." + ports.length
                    + " (the array) and at most " + POLL_PORTS_CAPACITY + " (the call page)");
        }
        int portsOff = SchedPollDescriptor.SIZE;
        Arrays.fill(page, 0, SchedPollDescriptor.SIZE, (byte) 0);
        LittleEndian.putI64(page, SchedPollDescriptor.PORTS_OFFSET, area.callVa() + portsOff);
        LittleEndian.putI32(page, SchedPollDescriptor.NR_PORTS_OFFSET, nrPorts);
        LittleEndian.putI64(page, SchedPollDescriptor.TIMEOUT_OFFSET, timeoutAbsNs);
        for (int i = 0; i < nrPorts; i++) {
            LittleEndian.putI32(page, portsOff + i * SchedPollDescriptor.PORT_SIZE, ports[i]);
        }
        cpu().write(area.callVa(), page, 0, portsOff + nrPorts * SchedPollDescriptor.PORT_SIZE);
        return cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_poll.code, area.callVa(), 0, 0, 0);
    }

    /**
     * {@code SCHEDOP_watchdog}: with {@code id = 0}, creates a watchdog that shuts the domain down ({@code
     * SHUTDOWN_watchdog}) unless re-armed within {@code timeoutSeconds}, and returns its id (1 or 2) or {@code
     * -ENOSPC}; with an id, re-arms it, or destroys it when {@code timeoutSeconds} is 0 ({@code -EINVAL} for an id
     * the domain has not created).
     *
     * @param id 0, or a watchdog's id (Xen reads it as unsigned)
     * @param timeoutSeconds seconds (Xen reads it as unsigned)
     */
    public long watchdog(int id, int timeoutSeconds) {
        LittleEndian.putI32(page, SchedWatchdogDescriptor.ID_OFFSET, id);
        LittleEndian.putI32(page, SchedWatchdogDescriptor.TIMEOUT_OFFSET, timeoutSeconds);
        cpu().write(area.callVa(), page, 0, SchedWatchdogDescriptor.SIZE);
        return cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_watchdog.code, area.callVa(), 0, 0, 0);
    }

    /**
     * {@code SCHEDOP_pin_override}: pins this vCPU to physical CPU {@code pcpu} until called with a negative {@code
     * pcpu}, which restores its hard affinity. Only the hardware domain may: any other gets {@code -EPERM}.
     */
    public long pinOverride(int pcpu) {
        LittleEndian.putI32(page, SchedPinOverrideDescriptor.PCPU_OFFSET, pcpu);
        cpu().write(area.callVa(), page, 0, SchedPinOverrideDescriptor.SIZE);
        return cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_pin_override.code, area.callVa(), 0, 0, 0);
    }

    // -------------------------------------------------------------------------------------------------------------
    // physdev_op

    /** {@code physdev_op(cmd, arg)} with a raw argument address. */
    public long physdevOp(PhysdevOp cmd, long arg) {
        return cpu().hypercall(Hypercall.physdev_op.number, cmd.code, arg, 0, 0, 0);
    }

    /**
     * {@code PHYSDEVOP_set_iopl}: this vCPU's virtual I/O privilege level, 0..3 ({@code -EINVAL} above). A kernel needs
     * 1 to execute {@code in} and {@code out} at all.
     */
    public long setIopl(int iopl) {
        LittleEndian.putI32(page, PhysdevSetIoplDescriptor.IOPL_OFFSET, iopl);
        cpu().write(area.callVa(), page, 0, PhysdevSetIoplDescriptor.SIZE);
        return physdevOp(PhysdevOp.PHYSDEVOP_set_iopl, area.callVa());
    }

    /**
     * {@code PHYSDEVOP_map_pirq} of type {@code MAP_PIRQ_TYPE_GSI}: maps interrupt line {@code gsi} to a PIRQ of
     * domain {@code domid} ({@code DOMID_SELF}), {@code pirq} or, if negative, one Xen chooses.
     *
     * @return the PIRQ mapped, or a negative errno
     */
    public long mapPirqGsi(int domid, int gsi, int pirq) {
        Arrays.fill(page, 0, PhysdevMapPirqDescriptor.SIZE, (byte) 0);
        LittleEndian.putU16(page, PhysdevMapPirqDescriptor.DOMID_OFFSET, domid);
        LittleEndian.putI32(page, PhysdevMapPirqDescriptor.TYPE_OFFSET, PhysdevMapPirqDescriptor.MAP_PIRQ_TYPE_GSI);
        LittleEndian.putI32(page, PhysdevMapPirqDescriptor.INDEX_OFFSET, gsi);
        LittleEndian.putI32(page, PhysdevMapPirqDescriptor.PIRQ_OFFSET, pirq);
        cpu().write(area.callVa(), page, 0, PhysdevMapPirqDescriptor.SIZE);
        long rc = physdevOp(PhysdevOp.PHYSDEVOP_map_pirq, area.callVa());
        return rc < 0 ? rc : cpu().read32(area.callVa() + PhysdevMapPirqDescriptor.PIRQ_OFFSET);
    }

    /** {@code PHYSDEVOP_unmap_pirq} of domain {@code domid}'s {@code pirq}. */
    public long unmapPirq(int domid, int pirq) {
        LittleEndian.putU16(page, PhysdevUnmapPirqDescriptor.DOMID_OFFSET, domid);
        LittleEndian.putU16(page, PhysdevUnmapPirqDescriptor.DOMID_OFFSET + 2, 0);
        LittleEndian.putI32(page, PhysdevUnmapPirqDescriptor.PIRQ_OFFSET, pirq);
        cpu().write(area.callVa(), page, 0, PhysdevUnmapPirqDescriptor.SIZE);
        return physdevOp(PhysdevOp.PHYSDEVOP_unmap_pirq, area.callVa());
    }

    /** {@code PHYSDEVOP_eoi}: {@code pirq} has been handled; its line is unmasked. */
    public long eoi(int pirq) {
        LittleEndian.putI32(page, PhysdevEoiDescriptor.IRQ_OFFSET, pirq);
        cpu().write(area.callVa(), page, 0, PhysdevEoiDescriptor.SIZE);
        return physdevOp(PhysdevOp.PHYSDEVOP_eoi, area.callVa());
    }

    /**
     * {@code PHYSDEVOP_irq_status_query}: the {@code XENIRQSTAT_*} flags of {@code pirq}.
     *
     * @return the flags (>= 0), or a negative errno
     */
    public long irqStatusQuery(int pirq) {
        LittleEndian.putI32(page, PhysdevIrqStatusQueryDescriptor.IRQ_OFFSET, pirq);
        LittleEndian.putI32(page, PhysdevIrqStatusQueryDescriptor.FLAGS_OFFSET, 0);
        cpu().write(area.callVa(), page, 0, PhysdevIrqStatusQueryDescriptor.SIZE);
        long rc = physdevOp(PhysdevOp.PHYSDEVOP_irq_status_query, area.callVa());
        return rc < 0 ? rc : cpu().read32(area.callVa() + PhysdevIrqStatusQueryDescriptor.FLAGS_OFFSET);
    }

    // -------------------------------------------------------------------------------------------------------------
    // vcpu_op

    /** {@code vcpu_op(cmd, vcpu, arg)} with a raw argument address. */
    public long vcpuOp(VcpuOp cmd, int vcpu, long arg) {
        return cpu().hypercall(Hypercall.vcpu_op.number, cmd.code, vcpu, arg, 0, 0);
    }

    /** {@code VCPUOP_is_up}: 1 or 0, or {@code -ENOENT} for a vCPU the domain does not have. */
    public long vcpuIsUp(int vcpu) {
        return vcpuOp(VcpuOp.VCPUOP_is_up, vcpu, 0);
    }

    /** {@code VCPUOP_up}. */
    public long vcpuUp(int vcpu) {
        return vcpuOp(VcpuOp.VCPUOP_up, vcpu, 0);
    }

    /** {@code VCPUOP_down}; on the last online vCPU it powers the domain off. */
    public long vcpuDown(int vcpu) {
        return vcpuOp(VcpuOp.VCPUOP_down, vcpu, 0);
    }

    /**
     * {@code VCPUOP_initialise}: loads a {@code vcpu_guest_context} (a {@link VcpuGuestContextDescriptor#SIZE}-byte
     * image, see {@link VcpuContextImage}) into vCPU {@code vcpu}. The image is copied into the scratch buffer.
     */
    public long vcpuInitialise(int vcpu, byte[] context) {
        if (context.length != VcpuGuestContextDescriptor.SIZE) {
            throw new IllegalArgumentException(
                    "a vcpu_guest_context is " + VcpuGuestContextDescriptor.SIZE + " bytes, not " + context.length);
        }
        long va = buffer(context.length);
        cpu.write(va, context, 0, context.length);
        return vcpuOp(VcpuOp.VCPUOP_initialise, vcpu, va);
    }

    /** {@code VCPUOP_get_runstate_info} for vCPU {@code vcpu} of this domain. */
    public RunstateInfo runstateInfo(int vcpu) {
        long rc = vcpuOp(VcpuOp.VCPUOP_get_runstate_info, vcpu, area.callVa());
        if (rc != 0) {
            return RunstateInfo.failed(rc);
        }
        cpu.read(area.callVa(), page, 0, VcpuRunstateInfoDescriptor.SIZE);
        return new RunstateInfo(
                0,
                LittleEndian.getI32(page, VcpuRunstateInfoDescriptor.STATE_OFFSET),
                LittleEndian.getI64(page, VcpuRunstateInfoDescriptor.STATE_ENTRY_TIME_OFFSET),
                LittleEndian.getI64(page, VcpuRunstateInfoDescriptor.timeOffset(0)),
                LittleEndian.getI64(page, VcpuRunstateInfoDescriptor.timeOffset(1)),
                LittleEndian.getI64(page, VcpuRunstateInfoDescriptor.timeOffset(2)),
                LittleEndian.getI64(page, VcpuRunstateInfoDescriptor.timeOffset(3)));
    }

    // -------------------------------------------------------------------------------------------------------------
    // timers

    /**
     * {@code VCPUOP_set_periodic_timer}: vCPU {@code vcpu}'s periodic timer raises {@code VIRQ_TIMER} every {@code
     * periodNs}. A PV vCPU starts with a 10 ms period ({@link VcpuSetPeriodicTimerDescriptor#PV_DEFAULT_PERIOD_NS}).
     * Xen refuses a period below 1 ms with {@code -EINVAL} ({@link VcpuSetPeriodicTimerDescriptor#isValidPeriod}).
     */
    public long setPeriodicTimer(int vcpu, long periodNs) {
        LittleEndian.putI64(page, VcpuSetPeriodicTimerDescriptor.PERIOD_NS_OFFSET, periodNs);
        cpu().write(area.callVa(), page, 0, VcpuSetPeriodicTimerDescriptor.SIZE);
        return vcpuOp(VcpuOp.VCPUOP_set_periodic_timer, vcpu, area.callVa());
    }

    /** {@code VCPUOP_stop_periodic_timer}: stops vCPU {@code vcpu}'s periodic timer, as a tickless kernel does. */
    public long stopPeriodicTimer(int vcpu) {
        return vcpuOp(VcpuOp.VCPUOP_stop_periodic_timer, vcpu, 0);
    }

    /**
     * {@code VCPUOP_set_singleshot_timer}: arms the vCPU's one single-shot timer to raise {@code VIRQ_TIMER} at
     * system time {@code timeoutAbsNs} (pvsim's system time is the TSC, {@link GuestCpu#rdtsc()}), replacing any
     * earlier setting. Xen accepts this only for the calling vCPU ({@code -EINVAL} otherwise). A time already past
     * raises the event at once; {@link VcpuSetSingleshotTimerDescriptor#VCPU_SSHOTTMR_future} is ignored by current
     * Xen (see that class), so do not count on {@code -ETIME}.
     *
     * @param vcpu the calling vCPU's id ({@code cpu().vcpuId()})
     * @param flags {@code VCPU_SSHOTTMR_*}, normally 0
     */
    public long setSingleshotTimer(int vcpu, long timeoutAbsNs, int flags) {
        Arrays.fill(page, 0, VcpuSetSingleshotTimerDescriptor.SIZE, (byte) 0);
        LittleEndian.putI64(page, VcpuSetSingleshotTimerDescriptor.TIMEOUT_ABS_NS_OFFSET, timeoutAbsNs);
        LittleEndian.putI32(page, VcpuSetSingleshotTimerDescriptor.FLAGS_OFFSET, flags);
        cpu().write(area.callVa(), page, 0, VcpuSetSingleshotTimerDescriptor.SIZE);
        return vcpuOp(VcpuOp.VCPUOP_set_singleshot_timer, vcpu, area.callVa());
    }

    /** {@code VCPUOP_stop_singleshot_timer}: cancels the calling vCPU's single-shot timer ({@code -EINVAL} for another). */
    public long stopSingleshotTimer(int vcpu) {
        return vcpuOp(VcpuOp.VCPUOP_stop_singleshot_timer, vcpu, 0);
    }

    /**
     * {@code HYPERVISOR_set_timer_op(timeout)} (hypercall 15, {@code do_set_timer_op}): the older interface to the
     * calling vCPU's single-shot timer, with the time in a register; it always returns 0. 0 stops the timer; a
     * negative time, or one more than about 13 days (2^50 ns) ahead, arms it for 100 ms from now instead; a time
     * already past fires at once.
     */
    public long setTimerOp(long timeoutAbsNs) {
        return cpu().hypercall(Hypercall.set_timer_op.number, timeoutAbsNs, 0, 0, 0, 0);
    }

    // -------------------------------------------------------------------------------------------------------------
    // callbacks and event channels

    /**
     * {@code callback_op(CALLBACKOP_register, struct callback_register)}: registers guest entry point {@code address}
     * as the calling vCPU's callback of {@code type}. For {@link CallbackType#CALLBACKTYPE_event}, that is where Xen
     * enters the kernel to deliver an event upcall. Xen refuses a non-canonical address with {@code -EINVAL}.
     *
     * @param flags {@code CALLBACKF_*} ({@link CallbackType#CALLBACKF_mask_events}), normally 0
     */
    public long callbackRegister(CallbackType type, int flags, long address) {
        Arrays.fill(page, 0, CallbackRegisterDescriptor.SIZE, (byte) 0);
        LittleEndian.putU16(page, CallbackRegisterDescriptor.TYPE_OFFSET, type.code);
        LittleEndian.putU16(page, CallbackRegisterDescriptor.FLAGS_OFFSET, flags);
        LittleEndian.putI64(page, CallbackRegisterDescriptor.ADDRESS_OFFSET, address);
        cpu().write(area.callVa(), page, 0, CallbackRegisterDescriptor.SIZE);
        return cpu.hypercall(Hypercall.callback_op.number, CallbackOp.CALLBACKOP_register.code, area.callVa(), 0, 0, 0);
    }

    /**
     * {@code event_channel_op(cmd, arg)} (hypercall 32): the sub-op's structure must already be in guest memory at
     * {@code argVa}; {@code org.pvsim.guest.evtchn.EventChannelOp} marshals each one. Xen without event channels
     * answers {@code -ENOSYS}.
     */
    public long eventChannelOp(EvtchnOp cmd, long argVa) {
        return cpu().hypercall(Hypercall.event_channel_op.number, cmd.code, argVa, 0, 0, 0);
    }

    /**
     * {@code grant_table_op(cmd, uop, count)} (hypercall 20, {@code do_grant_table_op}): {@code count} of the
     * command's structures must already be in guest memory at {@code argVa}; {@code
     * org.pvsim.guest.gnttab.GrantTableOp} marshals them. Each element's result comes back in its own {@code status}
     * field ({@code GNTST_*}); the return value is 0 or a negative errno for the call as a whole ({@code -EINVAL},
     * {@code -EFAULT}, {@code -ENOSYS} without grant tables).
     */
    public long grantTableOp(GnttabOp cmd, long argVa, int count) {
        return cpu().hypercall(Hypercall.grant_table_op.number, cmd.code, argVa, count & 0xFFFF_FFFFL, 0, 0);
    }

    // -------------------------------------------------------------------------------------------------------------
    // console, version, control

    /** {@code CONSOLEIO_write} of a string's UTF-8 bytes, in call-page chunks. */
    public long consoleWrite(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return consoleWrite(bytes, 0, bytes.length);
    }

    /** {@code CONSOLEIO_write} of {@code len} bytes, in call-page chunks; stops at the first error. */
    public long consoleWrite(byte[] bytes, int off, int len) {
        for (int done = 0; done < len; ) {
            int k = Math.min(len - done, ArgumentArea.CALL_BYTES);
            cpu().write(area.callVa(), bytes, off + done, k);
            long rc = cpu.hypercall(
                    Hypercall.console_io.number, ConsoleIoCmd.CONSOLEIO_write.code, k, area.callVa(), 0, 0);
            if (rc < 0) {
                return rc;
            }
            done += k;
        }
        return 0;
    }

    /** {@code xen_version(cmd, arg)}; {@code arg} is the address of the buffer the command fills, or 0. */
    public long xenVersion(XenVersionCmd cmd, long arg) {
        return cpu().hypercall(Hypercall.xen_version.number, cmd.code, arg, 0, 0, 0);
    }

    /**
     * {@code domctl}: copies the {@link DomctlDescriptor#SIZE}-byte {@code xen_domctl} in {@code op} into guest
     * memory, makes the call, and copies the structure back into {@code op} (Xen writes results into it).
     */
    public long domctl(byte[] op) {
        return controlCall(Hypercall.domctl, op, DomctlDescriptor.SIZE);
    }

    /**
     * Typed {@code domctl} and {@code sysctl} calls for scheduling (the scheduler's parameters, vCPU affinity and
     * state), acting through {@link #domctl} and {@link #sysctl} of this vCPU.
     */
    public SchedulerControl schedulerControl() {
        cpu();
        return schedulerControl;
    }

    /** {@code sysctl}: the same for a {@link SysctlDescriptor#SIZE}-byte {@code xen_sysctl}. */
    public long sysctl(byte[] op) {
        return controlCall(Hypercall.sysctl, op, SysctlDescriptor.SIZE);
    }

    private long controlCall(Hypercall h, byte[] op, int size) {
        if (op.length < size) {
            throw new IllegalArgumentException(h + " takes a " + size + "-byte structure, not " + op.length);
        }
        cpu().write(area.callVa(), op, 0, size);
        long rc = cpu.hypercall(h.number, area.callVa(), 0, 0, 0, 0);
        cpu.read(area.callVa(), op, 0, size);
        return rc;
    }

    // -------------------------------------------------------------------------------------------------------------
    // scratch buffer

    /**
     * The virtual address of at least {@code len} bytes of this vCPU's scratch guest memory, for structures that a
     * hypercall structure points to (a {@code vcpu_guest_context} for {@code XEN_DOMCTL_setvcpucontext}, the array
     * {@code XEN_SYSCTL_getdomaininfolist} fills). Valid until the next call of this method on this vCPU; the
     * wrappers above never use it, except {@link #vcpuInitialise}.
     *
     * @throws IllegalStateException if the kernel has no contiguous pages left to grow the buffer
     */
    public long buffer(int len) {
        cpu();
        if (len < 0) {
            throw new IllegalArgumentException("buffer length must be >= 0, not " + len);
        }
        if (len > bufferBytes) {
            int pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;
            long va = scratch.allocate(pages);
            if (va == 0) {
                throw new IllegalStateException("out of memory: no " + pages + " contiguous free pages for a " + len
                        + "-byte hypercall buffer");
            }
            if (bufferPages > 0) {
                scratch.free(bufferVa, bufferPages);
            }
            bufferVa = va;
            bufferPages = pages;
            bufferBytes = pages * PAGE_SIZE;
        }
        return bufferVa;
    }
}
