package org.pvsim.evtchn.abi;

/**
 * The FIFO event-channel ABI's constants ({@code xen/include/public/event_channel.h}): priorities, the bits of an
 * {@code event_word_t}, and the size of the event array ({@code xen/common/event_fifo.c}).
 *
 * <p>Each port has a 32-bit event word in a guest page: {@link #EVTCHN_FIFO_PENDING}, {@link #EVTCHN_FIFO_MASKED},
 * {@link #EVTCHN_FIFO_LINKED} and {@link #EVTCHN_FIFO_BUSY} bits, and in the low {@link #EVTCHN_FIFO_LINK_BITS} bits
 * the port that follows it in its queue.
 */
public final class EvtchnFifo {
    /** {@code EVTCHN_FIFO_PRIORITY_MAX}: the highest priority. */
    public static final int EVTCHN_FIFO_PRIORITY_MAX = 0;
    /** {@code EVTCHN_FIFO_PRIORITY_DEFAULT}: every port's priority when it is bound. */
    public static final int EVTCHN_FIFO_PRIORITY_DEFAULT = 7;
    /** {@code EVTCHN_FIFO_PRIORITY_MIN}: the lowest priority. */
    public static final int EVTCHN_FIFO_PRIORITY_MIN = 15;
    /** {@code EVTCHN_FIFO_MAX_QUEUES}: priority queues per vCPU. */
    public static final int EVTCHN_FIFO_MAX_QUEUES = EVTCHN_FIFO_PRIORITY_MIN + 1;

    /** Bit number of PENDING in an event word. */
    public static final int EVTCHN_FIFO_PENDING = 31;
    /** Bit number of MASKED. */
    public static final int EVTCHN_FIFO_MASKED = 30;
    /** Bit number of LINKED: the word is in a queue. */
    public static final int EVTCHN_FIFO_LINKED = 29;
    /** Bit number of BUSY: Xen is changing the word's link. */
    public static final int EVTCHN_FIFO_BUSY = 28;
    /** {@code EVTCHN_FIFO_LINK_BITS}: the width of the link field, also what {@code init_control} returns. */
    public static final int EVTCHN_FIFO_LINK_BITS = 17;
    /** {@code EVTCHN_FIFO_LINK_MASK}. */
    public static final int EVTCHN_FIFO_LINK_MASK = (1 << EVTCHN_FIFO_LINK_BITS) - 1;
    /** {@code EVTCHN_FIFO_NR_CHANNELS}: the ports the FIFO ABI can name. */
    public static final int EVTCHN_FIFO_NR_CHANNELS = 1 << EVTCHN_FIFO_LINK_BITS;

    /** {@code sizeof(event_word_t)}. */
    public static final int EVENT_WORD_SIZE = 4;
    /** {@code EVENT_WORDS_PER_PAGE} ({@code event_fifo.c}): a 4 KiB page holds 1024 event words. */
    public static final int EVENT_WORDS_PER_PAGE = 4096 / EVENT_WORD_SIZE;
    /** {@code EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES} ({@code event_fifo.c}): at most 128 pages of event words. */
    public static final int MAX_EVENT_ARRAY_PAGES = EVTCHN_FIFO_NR_CHANNELS / EVENT_WORDS_PER_PAGE;

    private EvtchnFifo() {}
}
