package org.pvsim.hypervisor.abi;

import java.util.Map;
import java.util.TreeMap;

/**
 * Xen's trace event ids ({@code TRC_*}, {@code xen/include/public/trace.h}) for the scheduling events pvsim journals,
 * and the scheduler-specific ones defined at the top of {@code common/sched/credit.c}, {@code credit2.c}, {@code rt.c}
 * and {@code null.c}. A scheduler-class id is {@code TRC_SCHED_CLASS | (scheduler << 9) | event}
 * ({@code TRC_SCHED_CLASS_EVT}).
 */
public final class TraceEvent {
    public static final int TRC_SCHED_MIN = 0x00021000;
    public static final int TRC_SCHED_CLASS = 0x00022000;
    public static final int TRC_SCHED_VERBOSE = 0x00028000;

    /** Data: domid, vcpu, old runstate, new runstate. */
    public static final int TRC_SCHED_RUNSTATE_CHANGE = TRC_SCHED_MIN + 1;

    public static final int TRC_SCHED_CONTINUE_RUNNING = TRC_SCHED_MIN + 2;
    public static final int TRC_SCHED_DOM_ADD = TRC_SCHED_VERBOSE + 1;
    public static final int TRC_SCHED_DOM_REM = TRC_SCHED_VERBOSE + 2;
    public static final int TRC_SCHED_SLEEP = TRC_SCHED_VERBOSE + 3;
    public static final int TRC_SCHED_WAKE = TRC_SCHED_VERBOSE + 4;
    public static final int TRC_SCHED_YIELD = TRC_SCHED_VERBOSE + 5;
    public static final int TRC_SCHED_BLOCK = TRC_SCHED_VERBOSE + 6;
    public static final int TRC_SCHED_SHUTDOWN = TRC_SCHED_VERBOSE + 7;
    public static final int TRC_SCHED_CTL = TRC_SCHED_VERBOSE + 8;
    public static final int TRC_SCHED_ADJDOM = TRC_SCHED_VERBOSE + 9;
    public static final int TRC_SCHED_SWITCH = TRC_SCHED_VERBOSE + 10;
    public static final int TRC_SCHED_S_TIMER_FN = TRC_SCHED_VERBOSE + 11;
    public static final int TRC_SCHED_T_TIMER_FN = TRC_SCHED_VERBOSE + 12;
    public static final int TRC_SCHED_DOM_TIMER_FN = TRC_SCHED_VERBOSE + 13;
    public static final int TRC_SCHED_SWITCH_INFPREV = TRC_SCHED_VERBOSE + 14;
    public static final int TRC_SCHED_SWITCH_INFNEXT = TRC_SCHED_VERBOSE + 15;
    public static final int TRC_SCHED_SHUTDOWN_CODE = TRC_SCHED_VERBOSE + 16;
    public static final int TRC_SCHED_SWITCH_INFCONT = TRC_SCHED_VERBOSE + 17;

    /** {@code TRC_SCHED_CSCHED} and friends: the scheduler field of a class event. */
    public static final int TRC_SCHED_CSCHED = 0;

    public static final int TRC_SCHED_CSCHED2 = 1;
    public static final int TRC_SCHED_ARINC653 = 3;
    public static final int TRC_SCHED_RTDS = 4;
    public static final int TRC_SCHED_SNULL = 5;

    public static final int TRC_CSCHED_SCHED_TASKLET = classEvent(TRC_SCHED_CSCHED, 1);
    public static final int TRC_CSCHED_ACCOUNT_START = classEvent(TRC_SCHED_CSCHED, 2);
    public static final int TRC_CSCHED_ACCOUNT_STOP = classEvent(TRC_SCHED_CSCHED, 3);
    public static final int TRC_CSCHED_STOLEN_UNIT = classEvent(TRC_SCHED_CSCHED, 4);
    public static final int TRC_CSCHED_PICKED_CPU = classEvent(TRC_SCHED_CSCHED, 5);
    public static final int TRC_CSCHED_TICKLE = classEvent(TRC_SCHED_CSCHED, 6);
    public static final int TRC_CSCHED_BOOST_START = classEvent(TRC_SCHED_CSCHED, 7);
    public static final int TRC_CSCHED_BOOST_END = classEvent(TRC_SCHED_CSCHED, 8);
    public static final int TRC_CSCHED_SCHEDULE = classEvent(TRC_SCHED_CSCHED, 9);
    public static final int TRC_CSCHED_RATELIMIT = classEvent(TRC_SCHED_CSCHED, 10);
    public static final int TRC_CSCHED_STEAL_CHECK = classEvent(TRC_SCHED_CSCHED, 11);

    public static final int TRC_CSCHED2_TICK = classEvent(TRC_SCHED_CSCHED2, 1);
    public static final int TRC_CSCHED2_RUNQ_POS = classEvent(TRC_SCHED_CSCHED2, 2);
    public static final int TRC_CSCHED2_CREDIT_BURN = classEvent(TRC_SCHED_CSCHED2, 3);
    public static final int TRC_CSCHED2_CREDIT_ADD = classEvent(TRC_SCHED_CSCHED2, 4);
    public static final int TRC_CSCHED2_TICKLE_CHECK = classEvent(TRC_SCHED_CSCHED2, 5);
    public static final int TRC_CSCHED2_TICKLE = classEvent(TRC_SCHED_CSCHED2, 6);
    public static final int TRC_CSCHED2_CREDIT_RESET = classEvent(TRC_SCHED_CSCHED2, 7);
    public static final int TRC_CSCHED2_SCHED_TASKLET = classEvent(TRC_SCHED_CSCHED2, 8);
    public static final int TRC_CSCHED2_UPDATE_LOAD = classEvent(TRC_SCHED_CSCHED2, 9);
    public static final int TRC_CSCHED2_RUNQ_ASSIGN = classEvent(TRC_SCHED_CSCHED2, 10);
    public static final int TRC_CSCHED2_UPDATE_UNIT_LOAD = classEvent(TRC_SCHED_CSCHED2, 11);
    public static final int TRC_CSCHED2_UPDATE_RUNQ_LOAD = classEvent(TRC_SCHED_CSCHED2, 12);
    public static final int TRC_CSCHED2_TICKLE_NEW = classEvent(TRC_SCHED_CSCHED2, 13);
    public static final int TRC_CSCHED2_RUNQ_MAX_WEIGHT = classEvent(TRC_SCHED_CSCHED2, 14);
    public static final int TRC_CSCHED2_MIGRATE = classEvent(TRC_SCHED_CSCHED2, 15);
    public static final int TRC_CSCHED2_LOAD_CHECK = classEvent(TRC_SCHED_CSCHED2, 16);
    public static final int TRC_CSCHED2_LOAD_BALANCE = classEvent(TRC_SCHED_CSCHED2, 17);
    public static final int TRC_CSCHED2_PICKED_CPU = classEvent(TRC_SCHED_CSCHED2, 19);
    public static final int TRC_CSCHED2_RUNQ_CANDIDATE = classEvent(TRC_SCHED_CSCHED2, 20);
    public static final int TRC_CSCHED2_SCHEDULE = classEvent(TRC_SCHED_CSCHED2, 21);
    public static final int TRC_CSCHED2_RATELIMIT = classEvent(TRC_SCHED_CSCHED2, 22);
    public static final int TRC_CSCHED2_RUNQ_CAND_CHECK = classEvent(TRC_SCHED_CSCHED2, 23);

    public static final int TRC_RTDS_TICKLE = classEvent(TRC_SCHED_RTDS, 1);
    public static final int TRC_RTDS_RUNQ_PICK = classEvent(TRC_SCHED_RTDS, 2);
    public static final int TRC_RTDS_BUDGET_BURN = classEvent(TRC_SCHED_RTDS, 3);
    public static final int TRC_RTDS_BUDGET_REPLENISH = classEvent(TRC_SCHED_RTDS, 4);
    public static final int TRC_RTDS_SCHED_TASKLET = classEvent(TRC_SCHED_RTDS, 5);
    public static final int TRC_RTDS_SCHEDULE = classEvent(TRC_SCHED_RTDS, 6);

    public static final int TRC_SNULL_PICKED_CPU = classEvent(TRC_SCHED_SNULL, 1);
    public static final int TRC_SNULL_UNIT_ASSIGN = classEvent(TRC_SCHED_SNULL, 2);
    public static final int TRC_SNULL_UNIT_DEASSIGN = classEvent(TRC_SCHED_SNULL, 3);
    public static final int TRC_SNULL_MIGRATE = classEvent(TRC_SCHED_SNULL, 4);
    public static final int TRC_SNULL_SCHEDULE = classEvent(TRC_SCHED_SNULL, 5);
    public static final int TRC_SNULL_TASKLET = classEvent(TRC_SCHED_SNULL, 6);

    private static final Map<Integer, String> NAMES = new TreeMap<>();

    static {
        for (java.lang.reflect.Field f : TraceEvent.class.getFields()) {
            if (f.getType() == int.class
                    && f.getName().startsWith("TRC_")
                    && !f.getName().equals("TRC_SCHED_MIN")
                    && !f.getName().equals("TRC_SCHED_CLASS")
                    && !f.getName().equals("TRC_SCHED_VERBOSE")
                    && !f.getName().matches("TRC_SCHED_(CSCHED|CSCHED2|ARINC653|RTDS|SNULL)")) {
                try {
                    NAMES.put(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private TraceEvent() {}

    /** {@code TRC_SCHED_CLASS_EVT(scheduler, event)}. */
    public static int classEvent(int scheduler, int event) {
        return TRC_SCHED_CLASS | ((scheduler << 9) & 0xE00) | (event & ~0xE00);
    }

    /** Xen's name for {@code event}, or its hex value. */
    public static String nameOf(int event) {
        String n = NAMES.get(event);
        return n != null ? n : String.format("TRC_%#010x", event);
    }
}
