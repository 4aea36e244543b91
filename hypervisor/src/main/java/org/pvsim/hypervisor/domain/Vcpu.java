package org.pvsim.hypervisor.domain;

import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.time.Timer;

/**
 * A virtual CPU ({@code struct vcpu}, {@code xen/include/xen/sched.h}): its pause state, its runstate and the time
 * spent in each, where it runs, and the part of its register context the hypervisor uses.
 *
 * <p>A vCPU is runnable ({@link #isRunnable()}) when no pause flag is set and neither it nor its domain is paused,
 * as {@code vcpu_runnable} defines it. Runstate time is kept exactly: {@link #runstateTime(RunstateKind, long)} at
 * any instant plus the time already accumulated.
 */
public final class Vcpu {
    /** {@code _VPF_blocked}: waiting for an event. */
    public static final int VPF_blocked = 1;
    /** {@code _VPF_down}: offline (never brought up, or brought down with {@code VCPUOP_down}). */
    public static final int VPF_down = 1 << 1;

    /** No page-table base installed. */
    public static final long NO_BASE = -1;

    private final Domain domain;
    private final int vcpuId;

    private int pauseFlags = VPF_down;
    private int pauseCount;
    private boolean pausedForShutdown;
    private boolean initialised;

    private RunstateKind runstate = RunstateKind.RUNSTATE_offline;
    private long runstateEntryTime;
    private final long[] runstateTime = new long[4];

    /** The pCPU this vCPU runs on, or last ran on. */
    private int processor;
    /** Whether it is the current vCPU of a pCPU. */
    private boolean running;

    /** The L4 frame of the kernel page tables ({@code guest_table}, CR3), or {@link #NO_BASE}. */
    private long guestTable = NO_BASE;
    /** The L4 frame of the user page tables ({@code guest_table_user}), or {@link #NO_BASE}. */
    private long guestTableUser = NO_BASE;

    /** The LDT ({@code arch.pv.ldt_base}, {@code ldt_ents}); base 0 when it has no entries. */
    private long ldtBase;

    private long ldtEnts;
    /** The GDT a context named ({@code arch.pv.gdt_ents}, {@code gdt_frames}); pvsim does not validate it. */
    private long gdtEnts;

    private final long[] gdtFrames = new long[16];

    private long contextRip;
    private long contextRsp;
    private long contextRsi;

    /** Where the vCPU may run ({@code cpu_hard_affinity}); set to every pCPU when the vCPU joins a scheduler. */
    private CpuMask hardAffinity = CpuMask.none(1);
    /** Where the vCPU prefers to run ({@code cpu_soft_affinity}); every pCPU by default. */
    private CpuMask softAffinity = CpuMask.none(1);
    /** The hard affinity saved by {@code SCHEDOP_pin_override}, or {@code null} ({@code affinity_broken} clear). */
    private CpuMask hardAffinitySaved;

    /** When the vCPU last became runnable after being blocked or offline (for wake-to-run latency), or -1. */
    private long wokenAt = -1;
    /** How many times it was switched in on another pCPU than the one it last ran on. */
    private long migrations;
    /** {@code v->arch.pv.iopl}: the virtual I/O privilege level, 0..3 ({@code PHYSDEVOP_set_iopl}). */
    private int iopl;

    /** The periodic timer's period in ns ({@code periodic_period}); 0 when stopped. */
    public long periodicPeriod;
    /** When the periodic timer last fired or was set ({@code periodic_last_event}). */
    public long periodicLastEvent;
    /** The periodic timer ({@code periodic_timer}); created with the vCPU's timers. */
    public Timer periodicTimer;
    /** The single-shot timer ({@code singleshot_timer}). */
    public Timer singleshotTimer;
    /** The timeout of {@code SCHEDOP_poll} ({@code poll_timer}). */
    public Timer pollTimer;
    /**
     * What a {@code SCHEDOP_poll} in progress waits for ({@code poll_evtchn}): 0 when the vCPU is not polling, the
     * port when it polls exactly one, -1 when it polls several (or none, with only a timeout).
     */
    public int pollEvtchn;
    /**
     * Whether the vCPU's bit is set in its domain's {@code poll_mask}: set by {@code SCHEDOP_poll} while it blocks,
     * cleared by whoever wakes it ({@code vcpu_unblock}, the poll timer, an event on a polled port).
     */
    public boolean inPollMask;

    /**
     * {@code arch.pv.event_callback_eip}: where Xen enters the guest to deliver an event upcall; 0 until the kernel
     * registers one ({@code CALLBACKOP_register}, {@code set_callbacks}, {@code VCPUOP_initialise}).
     */
    public long eventCallbackEip;
    /** {@code arch.pv.failsafe_callback_eip}. */
    public long failsafeCallbackEip;
    /** {@code arch.pv.syscall_callback_eip}. */
    public long syscallCallbackEip;
    /** {@code arch.pv.syscall32_callback_eip} (kept, never entered: pvsim runs no 32-bit code). */
    public long syscall32CallbackEip;
    /** {@code arch.pv.sysenter_callback_eip} (kept, never entered). */
    public long sysenterCallbackEip;
    /** {@code arch.pv.vgc_flags}: {@code VGCF_failsafe_disables_events}, {@code VGCF_syscall_disables_events}. */
    public int vgcFlags;
    /** {@code syscall32_disables_events} and {@code sysenter_disables_events}, as bits 0 and 1. */
    public int compatCallbackFlags;
    /** The NMI callback ({@code trap_ctxt[X86_EXC_NMI].address}), 0 when none. */
    public long nmiCallbackEip;
    /** Event upcalls delivered to this vCPU. */
    public long upcalls;

    /** Scheduler-private data ({@code sched_priv}). */
    public Object schedPriv;
    /** Execution-engine private data: where guest code stands on this vCPU. */
    public Object execPriv;

    Vcpu(Domain domain, int vcpuId, long now) {
        this.domain = domain;
        this.vcpuId = vcpuId;
        this.runstateEntryTime = now;
        this.processor = 0;
    }

    public Domain domain() {
        return domain;
    }

    public int vcpuId() {
        return vcpuId;
    }

    public int pauseFlags() {
        return pauseFlags;
    }

    public boolean hasPauseFlag(int flag) {
        return (pauseFlags & flag) != 0;
    }

    /** Sets or clears a {@code VPF_*} flag and reports whether it was set before. */
    public boolean setPauseFlag(int flag, boolean on) {
        boolean was = (pauseFlags & flag) != 0;
        pauseFlags = on ? pauseFlags | flag : pauseFlags & ~flag;
        return was;
    }

    public int pauseCount() {
        return pauseCount;
    }

    public void setPauseCount(int pauseCount) {
        this.pauseCount = pauseCount;
    }

    public boolean isPausedForShutdown() {
        return pausedForShutdown;
    }

    public void setPausedForShutdown(boolean pausedForShutdown) {
        this.pausedForShutdown = pausedForShutdown;
    }

    public boolean isInitialised() {
        return initialised;
    }

    public void setInitialised(boolean initialised) {
        this.initialised = initialised;
    }

    /** Whether the vCPU is online: not {@code VPF_down}. */
    public boolean isUp() {
        return (pauseFlags & VPF_down) == 0;
    }

    /** {@code vcpu_runnable}: no pause flag, and neither the vCPU nor its domain paused. */
    public boolean isRunnable() {
        return pauseFlags == 0 && pauseCount == 0 && domain.pauseCount() == 0;
    }

    public RunstateKind runstate() {
        return runstate;
    }

    public long runstateEntryTime() {
        return runstateEntryTime;
    }

    /** {@code vcpu_runstate_change}: accounts the time in the old state and enters {@code next} at {@code now}. */
    public void changeRunstate(RunstateKind next, long now) {
        runstateTime[runstate.code] += now - runstateEntryTime;
        runstate = next;
        runstateEntryTime = now;
    }

    /** Total time spent in {@code kind} up to {@code now}, including the current stretch. */
    public long runstateTime(RunstateKind kind, long now) {
        long t = runstateTime[kind.code];
        return kind == runstate ? t + (now - runstateEntryTime) : t;
    }

    /** CPU time consumed up to {@code now}: time in {@code RUNSTATE_running}. */
    public long cpuTime(long now) {
        return runstateTime(RunstateKind.RUNSTATE_running, now);
    }

    public int processor() {
        return processor;
    }

    public void setProcessor(int processor) {
        this.processor = processor;
    }

    /** Where the vCPU may run. The scheduler core keeps it non-empty and within the host's pCPUs. */
    public CpuMask hardAffinity() {
        return hardAffinity;
    }

    /** Where the vCPU prefers to run. */
    public CpuMask softAffinity() {
        return softAffinity;
    }

    public void setHardAffinity(CpuMask mask) {
        this.hardAffinity = CpuMask.copyOf(mask);
    }

    public void setSoftAffinity(CpuMask mask) {
        this.softAffinity = CpuMask.copyOf(mask);
    }

    /** The hard affinity {@code SCHEDOP_pin_override} saved, or {@code null} when the affinity is not broken. */
    public CpuMask hardAffinitySaved() {
        return hardAffinitySaved;
    }

    public void setHardAffinitySaved(CpuMask saved) {
        this.hardAffinitySaved = saved;
    }

    /** When the vCPU last woke (became runnable from blocked or offline), or -1 once it has run since. */
    public long wokenAt() {
        return wokenAt;
    }

    public void setWokenAt(long time) {
        this.wokenAt = time;
    }

    /** Times it started running on another pCPU than the one it last ran on. */
    public long migrations() {
        return migrations;
    }

    public void countMigration() {
        migrations++;
    }

    public boolean isRunning() {
        return running;
    }

    public void setRunning(boolean running) {
        this.running = running;
    }

    public long guestTable() {
        return guestTable;
    }

    public void setGuestTable(long mfn) {
        this.guestTable = mfn;
    }

    public long guestTableUser() {
        return guestTableUser;
    }

    public void setGuestTableUser(long mfn) {
        this.guestTableUser = mfn;
    }

    public long ldtBase() {
        return ldtBase;
    }

    public long ldtEnts() {
        return ldtEnts;
    }

    /** Sets the LDT ({@code MMUEXT_SET_LDT}, or a context). */
    public void setLdt(long base, long ents) {
        this.ldtBase = base;
        this.ldtEnts = ents;
    }

    public long gdtEnts() {
        return gdtEnts;
    }

    /** Frame {@code i} (0-15) of the GDT. */
    public long gdtFrame(int i) {
        return gdtFrames[i];
    }

    /** Sets the GDT a context names: its entry count and its 16 frame slots. */
    public void setGdt(long ents, long[] frames) {
        this.gdtEnts = ents;
        System.arraycopy(frames, 0, gdtFrames, 0, gdtFrames.length);
    }

    public long contextRip() {
        return contextRip;
    }

    public long contextRsp() {
        return contextRsp;
    }

    public long contextRsi() {
        return contextRsi;
    }

    /** Sets the registers a new context starts from ({@code arch_set_info_guest}). */
    public void setContext(long rip, long rsp, long rsi) {
        this.contextRip = rip;
        this.contextRsp = rsp;
        this.contextRsi = rsi;
    }

    @Override
    public String toString() {
        return "d" + domain.domid() + "v" + vcpuId;
    }

    /** The virtual I/O privilege level, 0..3 ({@code PHYSDEVOP_set_iopl}); a PV kernel needs 1 to do port I/O. */
    public int iopl() {
        return iopl;
    }

    /** Sets the virtual I/O privilege level; the caller checked it is 0..3. */
    public void setIopl(int iopl) {
        this.iopl = iopl;
    }
}
