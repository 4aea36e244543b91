package org.pvsim.hypervisor.domain;

import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.time.Timer;

/**
 * A domain ({@code struct domain}, {@code xen/include/xen/sched.h}): its identity and privilege, pause and shutdown
 * state, memory accounting, vCPUs and per-domain statistics.
 *
 * <p>Invariants kept by the code that changes it ({@code org.pvsim.hypervisor.lifecycle}, the PV MMU and
 * {@code memory_op}): {@code controllerPauseCount} stays in 0..255; {@code totPages} counts the frames the domain owns
 * apart from Xen-heap frames and never exceeds {@code maxPages} through allocation; once a shutdown code is latched
 * it does not change until the domain is resumed; the dying state only advances (alive, dying, dead).
 */
public final class Domain {
    /** {@code DOMDYING_*}. */
    public enum Dying {
        DOMDYING_alive,
        DOMDYING_dying,
        DOMDYING_dead
    }

    private final int domid;
    private final boolean privileged;
    private final boolean hardwareDomain;
    private final byte[] handle;
    private final Vcpu[] vcpus;
    private final long createdAt;

    private int controllerPauseCount;
    private int pauseCount;
    private boolean creationFinished;

    private boolean shuttingDown;
    private boolean shutDown;
    private int shutdownCode = ShutdownReason.SHUTDOWN_CODE_INVALID;
    private Dying dying = Dying.DOMDYING_alive;

    private long totPages;
    private long maxPages;
    private long xenheapPages;
    private long sharedInfoMfn = -1;

    private int maxEvtchnPort;
    private int maxGrantFrames;
    private int maxMaptrackFrames;
    private int maxGrantVersion;

    private final long[] hypercallCounts = new long[Hypercall.NR_HYPERCALLS];

    /** {@code NR_DOMAIN_WATCHDOG_TIMERS}: watchdogs a domain may have ({@code SCHEDOP_watchdog}). */
    public static final int NR_DOMAIN_WATCHDOG_TIMERS = 2;

    /** The watchdog timers ({@code watchdog_timer}); created with the domain, killed when it is destroyed. */
    public final Timer[] watchdogTimers = new Timer[NR_DOMAIN_WATCHDOG_TIMERS];
    /** Which watchdogs are in use ({@code watchdog_inuse_map}), bit i for timer i. */
    public int watchdogInuseMap;

    /** Scheduler-private data ({@code sched_priv}): the policy's per-domain parameters and state. */
    public Object schedPriv;

    /** Per-subsystem state, indexed by the subsystem's slot (see {@code org.pvsim.hypervisor.spi}). */
    private final Object[] subsystemState = new Object[8];

    public Domain(int domid, boolean privileged, boolean hardwareDomain, int maxVcpus, byte[] handle, long now) {
        this.domid = domid;
        this.privileged = privileged;
        this.hardwareDomain = hardwareDomain;
        this.handle = handle.clone();
        this.vcpus = new Vcpu[maxVcpus];
        for (int i = 0; i < maxVcpus; i++) {
            vcpus[i] = new Vcpu(this, i, now);
        }
        this.createdAt = now;
    }

    public int domid() {
        return domid;
    }

    /** {@code is_control_domain}: may use domctl and sysctl and act on other domains. */
    public boolean isPrivileged() {
        return privileged;
    }

    /** {@code is_hardware_domain}: owns the machine's devices; its shutdown halts the host. */
    public boolean isHardwareDomain() {
        return hardwareDomain;
    }

    /** The 16-byte handle (UUID) the toolstack gave the domain. */
    public byte[] handle() {
        return handle.clone();
    }

    /** The virtual time the domain was created at. */
    public long createdAt() {
        return createdAt;
    }

    public int maxVcpus() {
        return vcpus.length;
    }

    /** vCPU {@code id}, or {@code null} if out of range. */
    public Vcpu vcpu(long id) {
        return id >= 0 && id < vcpus.length ? vcpus[(int) id] : null;
    }

    /** Number of vCPUs that are up. */
    public int onlineVcpus() {
        int n = 0;
        for (Vcpu v : vcpus) {
            if (v.isUp()) {
                n++;
            }
        }
        return n;
    }

    public int controllerPauseCount() {
        return controllerPauseCount;
    }

    public void setControllerPauseCount(int n) {
        this.controllerPauseCount = n;
    }

    /** {@code pause_count}: while non-zero, no vCPU of the domain runs. */
    public int pauseCount() {
        return pauseCount;
    }

    public void setPauseCount(int n) {
        this.pauseCount = n;
    }

    public boolean isCreationFinished() {
        return creationFinished;
    }

    public void setCreationFinished(boolean creationFinished) {
        this.creationFinished = creationFinished;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    public void setShuttingDown(boolean shuttingDown) {
        this.shuttingDown = shuttingDown;
    }

    /** Whether the shutdown completed: every vCPU stopped for it. */
    public boolean isShutDown() {
        return shutDown;
    }

    public void setShutDown(boolean shutDown) {
        this.shutDown = shutDown;
    }

    /** The latched shutdown reason, or {@link ShutdownReason#SHUTDOWN_CODE_INVALID}. */
    public int shutdownCode() {
        return shutdownCode;
    }

    public void setShutdownCode(int code) {
        this.shutdownCode = code;
    }

    public Dying dying() {
        return dying;
    }

    public void setDying(Dying dying) {
        if (dying.ordinal() < this.dying.ordinal()) {
            throw new IllegalStateException("d" + domid + " cannot go from " + this.dying + " back to " + dying);
        }
        this.dying = dying;
    }

    public boolean isAlive() {
        return dying == Dying.DOMDYING_alive;
    }

    /** Frames the domain owns, Xen-heap frames aside ({@code tot_pages}). */
    public long totPages() {
        return totPages;
    }

    public void adjustTotPages(long delta) {
        totPages += delta;
    }

    /** The most frames the domain may own ({@code max_pages}). */
    public long maxPages() {
        return maxPages;
    }

    public void setMaxPages(long maxPages) {
        this.maxPages = maxPages;
    }

    /** Xen-heap frames the domain owns (its shared_info). */
    public long xenheapPages() {
        return xenheapPages;
    }

    public void adjustXenheapPages(long delta) {
        xenheapPages += delta;
    }

    /** The frame of the domain's shared_info page, or -1 before it has one. */
    public long sharedInfoMfn() {
        return sharedInfoMfn;
    }

    public void setSharedInfoMfn(long mfn) {
        this.sharedInfoMfn = mfn;
    }

    public int maxEvtchnPort() {
        return maxEvtchnPort;
    }

    /** {@code max_grant_frames}, Xen's default ({@link #OPT_MAX_GRANT_FRAMES}) if the creator gave a negative one. */
    public int maxGrantFrames() {
        return maxGrantFrames;
    }

    /** {@code max_maptrack_frames}, Xen's default ({@link #OPT_MAX_MAPTRACK_FRAMES}) if the creator gave a negative one. */
    public int maxMaptrackFrames() {
        return maxMaptrackFrames;
    }

    /**
     * The highest grant-table version the domain may use: {@code grant_opts & XEN_DOMCTL_GRANT_version_mask} as the
     * creator gave it (0 is invalid; the grant-table subsystem refuses such a domain, as {@code grant_table_init}
     * does).
     */
    public int maxGrantVersion() {
        return maxGrantVersion;
    }

    /** {@code opt_max_grant_frames}: the grant-frame limit of a domain created with a negative one. */
    public static final int OPT_MAX_GRANT_FRAMES = 64;

    /** {@code opt_max_maptrack_frames}: the maptrack-frame limit of a domain created with a negative one. */
    public static final int OPT_MAX_MAPTRACK_FRAMES = 1024;

    /** {@code opt_gnttab_max_version}: the host's highest grant-table version ({@code GNTTAB_MAX_VERSION} on x86). */
    public static final int OPT_GNTTAB_MAX_VERSION = 2;

    /**
     * Sets the limits given at creation for the event-channel and grant-table subsystems. As {@code grant_table_init}
     * does, a negative frame limit means Xen's default.
     */
    public void setSubsystemLimits(int maxEvtchnPort, int maxGrantFrames, int maxMaptrackFrames, int maxGrantVersion) {
        this.maxEvtchnPort = maxEvtchnPort;
        this.maxGrantFrames = maxGrantFrames < 0 ? OPT_MAX_GRANT_FRAMES : maxGrantFrames;
        this.maxMaptrackFrames = maxMaptrackFrames < 0 ? OPT_MAX_MAPTRACK_FRAMES : maxMaptrackFrames;
        this.maxGrantVersion = maxGrantVersion;
    }

    /** Counts one hypercall by number. */
    public void countHypercall(int number) {
        if (number >= 0 && number < hypercallCounts.length) {
            hypercallCounts[number]++;
        }
    }

    /** Hypercalls made so far with this number. */
    public long hypercallCount(int number) {
        return hypercallCounts[number];
    }

    /** CPU time of all vCPUs up to {@code now} ({@code cpu_time} in getdomaininfo). */
    public long cpuTime(long now) {
        long t = 0;
        for (Vcpu v : vcpus) {
            t += v.cpuTime(now);
        }
        return t;
    }

    /** The state of subsystem slot {@code slot}. */
    public Object subsystemState(int slot) {
        return subsystemState[slot];
    }

    public void setSubsystemState(int slot, Object state) {
        subsystemState[slot] = state;
    }

    @Override
    public String toString() {
        return "d" + domid;
    }
}
