package org.pvsim.bench;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pvsim.evtchn.abi.EvtchnAllocUnboundDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindInterdomainDescriptor;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.abi.EvtchnPortArgDescriptor;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.sched.ScheduleDecision;

/**
 * Event-channel notify throughput: {@code EVTCHNOP_send} from d1's vCPU on pCPU 0 to the upcall handled by d2's vCPU
 * on pCPU 1, against two baselines in the same run: raw Disruptor 1P1C and {@code ArrayBlockingQueue} 1P1C, each with
 * the same ring size as pvsim's kick rings (1024) and, for the Disruptor, the yielding wait strategy.
 *
 * <p>One pvsim operation is the whole path, with the journal off: the send hypercall (dispatch, {@code
 * copy_from_guest} of {@code struct evtchn_send} through d1's page tables, the 2-level {@code set_pending}, {@code
 * vcpu_mark_events_pending}, the kick published to pCPU 1's Disruptor ring), then pCPU 1's scheduling point (the
 * ring drained, {@code test_guest_events}, the upcall delivered) and d2's handler as pvsim runs a guest's stores
 * (clear {@code evtchn_upcall_pending}, take {@code evtchn_pending_sel}, clear the port's pending bit, re-enable
 * events), each a journalled-path guest write through d2's page tables. pvsim simulates both pCPUs on one thread, so
 * its figure is single-threaded; the baselines use two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventNotifyBenchmark {
    static final int RING = 1024;

    // ---- baseline: raw Disruptor 1P1C ----
    /** A mutable, reused ring entry. */
    public static final class Slot {
        long value;
    }

    private RingBuffer<Slot> ring;
    private BatchEventProcessor<Slot> processor;
    private Thread consumer;
    private long consumed;

    // ---- baseline: ArrayBlockingQueue 1P1C ----
    private ArrayBlockingQueue<Long> queue;
    private Thread taker;
    private volatile boolean stop;

    // ---- pvsim ----
    private Hypervisor hv;
    private Vcpu sender;
    private Vcpu receiver;
    private long sendArg;
    private int receiverPort;
    private long receiverInfoVa;
    private long receiverPendingVa;
    private final byte[] zero8 = new byte[8];
    private final byte[] one = new byte[1];
    private final byte[] zero1 = new byte[1];
    private long now;
    private EventChannels evtchn;

    @Setup(Level.Trial)
    public void setUp() {
        ring = RingBuffer.createSingleProducer(Slot::new, RING, new YieldingWaitStrategy());
        EventHandler<Slot> handler = (slot, seq, end) -> consumed += slot.value;
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(processor.getSequence());
        consumer = new Thread(processor, "disruptor-consumer");
        consumer.setDaemon(true);
        consumer.start();

        queue = new ArrayBlockingQueue<>(RING);
        taker = new Thread(
                () -> {
                    try {
                        while (!stop) {
                            consumed += queue.take();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "abq-consumer");
        taker.setDaemon(true);
        taker.start();

        setUpHost();
    }

    private void setUpHost() {
        BootParameters params = new BootParameters("bench", "notify", 1, 2, 16384, "rr", 1024, 1, "idle", "");
        evtchn = new EventChannels(RING);
        hv = HostBoot.boot(params, Journal.OFF, List.of(evtchn));
        PvDomainBuilder.build(hv, 1, false, 1024, 1, "bench", "");
        PvDomainBuilder.build(hv, 2, false, 1024, 1, "bench", "");
        sender = hv.vcpu(1, 0);
        receiver = hv.vcpu(2, 0);
        // block dom0, then let rr place d1 and d2 on the two pCPUs; no decision is taken after that
        hv.vcpu(0, 0).setPauseFlag(Vcpu.VPF_blocked, true);
        hv.sched().block(hv.vcpu(0, 0), now);
        ScheduleDecision d = new ScheduleDecision();
        for (int i = 0; i < 32 && !(sender.isRunning() && receiver.isRunning()); i++) {
            hv.schedule(i % 2, now, d);
        }
        if (!sender.isRunning() || !receiver.isRunning() || sender.processor() == receiver.processor()) {
            throw new IllegalStateException("could not put the two vCPUs on two pCPUs: " + sender + " running "
                    + sender.isRunning() + " runnable " + sender.isRunnable() + ", " + receiver + " running "
                    + receiver.isRunning() + " runnable " + receiver.isRunnable());
        }
        long argPage = StartOfDayLayout.va(StartOfDayLayout.plan(1024, true).firstFreePfn());
        // d1: alloc_unbound(DOMID_SELF, remote 2); d2: bind_interdomain(1, that port)
        byte[] alloc = new byte[EvtchnAllocUnboundDescriptor.SIZE];
        LittleEndian.putU16(alloc, EvtchnAllocUnboundDescriptor.DOM_OFFSET, 0x7FF0);
        LittleEndian.putU16(alloc, EvtchnAllocUnboundDescriptor.REMOTE_DOM_OFFSET, 2);
        hv.guestWrite(sender, now, argPage, alloc, 0, alloc.length);
        check(hv.hypercall(
                sender,
                now,
                Hypercall.event_channel_op.number,
                EvtchnOp.EVTCHNOP_alloc_unbound.code,
                argPage,
                0,
                0,
                0));
        int senderPort = readI32(sender, argPage + EvtchnAllocUnboundDescriptor.PORT_OFFSET);
        byte[] bind = new byte[EvtchnBindInterdomainDescriptor.SIZE];
        LittleEndian.putU16(bind, EvtchnBindInterdomainDescriptor.REMOTE_DOM_OFFSET, 1);
        LittleEndian.putI32(bind, EvtchnBindInterdomainDescriptor.REMOTE_PORT_OFFSET, senderPort);
        hv.guestWrite(receiver, now, argPage, bind, 0, bind.length);
        check(hv.hypercall(
                receiver,
                now,
                Hypercall.event_channel_op.number,
                EvtchnOp.EVTCHNOP_bind_interdomain.code,
                argPage,
                0,
                0,
                0));
        receiverPort = readI32(receiver, argPage + EvtchnBindInterdomainDescriptor.LOCAL_PORT_OFFSET);
        // the send argument, in d1's memory
        sendArg = argPage + 64;
        byte[] send = new byte[EvtchnPortArgDescriptor.SIZE];
        LittleEndian.putI32(send, EvtchnPortArgDescriptor.PORT_OFFSET, senderPort);
        hv.guestWrite(sender, now, sendArg, send, 0, send.length);
        // d2 maps its shared-info page at a free page of its own, registers an event callback and enables events
        long siVa = argPage + 4096;
        long si = receiver.domain().sharedInfoMfn();
        check(hv.hypercall(
                receiver,
                now,
                Hypercall.update_va_mapping.number,
                siVa,
                (si << 12) | StartOfDayLayout.L1_PROT,
                2,
                0,
                0));
        receiver.eventCallbackEip = StartOfDayLayout.VIRT_BASE + 0x40;
        receiverInfoVa = siVa + SharedInfoDescriptor.vcpuInfoOffset(0);
        receiverPendingVa = siVa + SharedInfoDescriptor.evtchnPendingOffset(receiverPort / 64);
        hv.guestWrite(receiver, now, receiverInfoVa + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, zero1, 0, 1);
        // the bind left the new port pending: handle that first event
        pvsimSendToUpcallHandled();
    }

    private int readI32(Vcpu v, long va) {
        byte[] b = new byte[4];
        hv.guestRead(v, va, b, 0, 4);
        return LittleEndian.getI32(b, 0);
    }

    private static void check(long rc) {
        if (rc != 0) {
            throw new IllegalStateException("setup hypercall failed: " + rc);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        processor.halt();
        consumer.join(1000);
        stop = true;
        queue.offer(0L);
        taker.join(1000);
    }

    /** Baseline: one event through a raw Disruptor ring to a consumer thread. */
    @Benchmark
    public void rawDisruptor1P1C() {
        long seq = ring.next();
        ring.get(seq).value = 1;
        ring.publish(seq);
    }

    /** Baseline: one boxed (cached) Long through an ArrayBlockingQueue to a consumer thread. */
    @Benchmark
    public void arrayBlockingQueue1P1C() throws InterruptedException {
        queue.put(1L);
    }

    /** pvsim: one notification, from the send hypercall to the receiver's handler re-enabling events. */
    @Benchmark
    public long pvsimSendToUpcallHandled() {
        now += 1000;
        long rc = hv.hypercall(
                sender, now, Hypercall.event_channel_op.number, EvtchnOp.EVTCHNOP_send.code, sendArg, 0, 0, 0);
        int pcpu = receiver.processor();
        evtchn.kicks().drain(pcpu);
        if (hv.upcallDue(receiver)) {
            hv.deliverUpcall(receiver, now);
            // the guest's 2-level handler: clear upcall_pending, take pending_sel, clear the port, unmask
            hv.guestWrite(receiver, now, receiverInfoVa + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET, zero1, 0, 1);
            hv.guestWrite(receiver, now, receiverInfoVa + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET, zero8, 0, 8);
            hv.guestWrite(receiver, now, receiverPendingVa, zero8, 0, 8);
            hv.guestWrite(receiver, now, receiverInfoVa + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, zero1, 0, 1);
        } else {
            throw new IllegalStateException("no upcall due after a send (rc " + rc + ")");
        }
        return rc;
    }
}
