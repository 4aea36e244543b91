package org.pvsim.hypervisor.journal;

/**
 * What a hypervisor timer is for: with its owner (domain, vCPU) and index, the identity under which its expiries are
 * journalled and replayed. The codes are part of the journal format: never renumber them.
 */
public enum TimerClass {
    /** A vCPU's periodic timer ({@code periodic_timer}, {@code VCPUOP_set_periodic_timer}); index 0. */
    VCPU_PERIODIC(1),
    /** A vCPU's single-shot timer ({@code singleshot_timer}, {@code VCPUOP_set_singleshot_timer}, {@code
     * set_timer_op}); index 0. */
    VCPU_SINGLESHOT(2),
    /** A vCPU's {@code SCHEDOP_poll} timeout ({@code poll_timer}); index 0. */
    VCPU_POLL(3),
    /** A domain's watchdog ({@code watchdog_timer}, {@code SCHEDOP_watchdog}); index: the slot, 0 or 1. */
    DOMAIN_WATCHDOG(4),
    /** A timer of the scheduling policy's (a credit tick, a budget replenishment); index: chosen by the policy. */
    SCHEDULER(5),
    /**
     * A device of the machine finishing work (a disk command, a frame on the wire); owner domid -1, vCPU: the device
     * number ({@code device.MachineDevices}); index: chosen by the device (a command slot).
     */
    DEVICE(6);

    private static final TimerClass[] BY_CODE = new TimerClass[7];

    static {
        for (TimerClass c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The code stored in a TIMER record. */
    public final int code;

    TimerClass(int code) {
        this.code = code;
    }

    /** The class with this code, or {@code null}. */
    public static TimerClass ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
