package org.pvsim.guest.workload;

import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.CHECKSUM_OFFSET;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.DST_MAC_OFFSET;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.ETHERTYPE_PVSIM;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.FILLER_OFFSET;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.KIND_DATA;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.KIND_ECHO_REPLY;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.KIND_ECHO_REQUEST;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.KIND_OFFSET;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.SENT_NS_OFFSET;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.SEQ_OFFSET;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.SRC_MAC_OFFSET;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.netfront.Netfront;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor;

/**
 * {@code net}: traffic between domains, or to the machine's wire, over the first vif and dom0's bridge, with pvsim's
 * test frames ({@link PvsimFrameDescriptor}); every frame carries a CRC32C of its filler, and a frame with a wrong one
 * is counted and otherwise ignored. Four roles:
 *
 * <ul>
 *   <li>{@code ping} sends an echo request of {@code size} bytes to {@code peer}, waits for the matching reply,
 *       records the round trip from the TSC it put in the frame, and goes on until {@code count} replies came; a
 *       request unanswered after {@link #TIMEOUT_NS} is counted lost and sent again with the next sequence number.
 *   <li>{@code pong} answers every echo request (MACs swapped). The wire peer ({@code peer=wire}) answers as pong
 *       does.
 *   <li>{@code stream} sends {@code count} data frames of {@code size} bytes to {@code peer}, at {@code rate} Mb/s of
 *       frame bytes, or as fast as the TX ring takes them with {@code rate=0}; frames that find the ring full are
 *       retried after {@link #RETRY_NS} and counted.
 *   <li>{@code sink} counts the data frames it receives (and the sequence numbers missing between them); it reports
 *       after {@code count} frames, or {@link #TIMEOUT_NS} after the last one.
 * </ul>
 * Each prints a summary line. Only vCPU 0 takes part. Allocates nothing per frame.
 */
public final class NetWorkload implements Workload {
    /** How long ping waits for a reply, and sink for the next frame: 10 ms. */
    public static final long TIMEOUT_NS = 10_000_000;
    /** How long a side sleeps while its vif is not connected yet. */
    public static final long WAIT_NS = 1_000_000;
    /** How long stream waits when the TX ring is full. */
    public static final long RETRY_NS = 20_000;

    /** The spec: {@code workload=net role=ping peer=2 count=1000 size=64}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "net",
            "traffic over the first vif and dom0's bridge: echo round trips (ping/pong) or a stream (stream/sink)",
            List.of(
                    WorkloadArgument.choice(
                            "role",
                            "ping",
                            "ping sends echo requests and measures; pong answers; stream sends data frames; sink"
                                    + " counts them",
                            "ping",
                            "pong",
                            "stream",
                            "sink"),
                    WorkloadArgument.mac("peer", "2", "where ping and stream send"),
                    WorkloadArgument.count(
                            "count",
                            "1000",
                            1,
                            10_000_000,
                            "round trips (ping), answers (pong) or frames (stream, sink)"),
                    WorkloadArgument.count(
                            "size",
                            "64",
                            PvsimFrameDescriptor.MIN_FRAME,
                            PvsimFrameDescriptor.MAX_FRAME,
                            "frame bytes"),
                    WorkloadArgument.count(
                            "rate",
                            "0",
                            0,
                            1_000_000,
                            "stream: Mb/s of frames sent, 0 for as fast as" + " the ring takes them")),
            NetWorkload::new);

    private final String role;
    private final boolean ping;
    private final boolean stream;
    private final boolean sink;
    private final byte[] peer = new byte[6];
    private final long count;
    private final int size;
    private final long rateMbps;
    private final Latencies rtts;
    private final byte[] out = new byte[PvsimFrameDescriptor.MAX_FRAME];
    private final CRC32C crc = new CRC32C();
    private Kernel kernel;
    private Netfront nic;
    private boolean waiting;
    private long seq;
    private long sentAt;
    private long replies;
    private long lost;
    private long answered;
    private long bad;
    private long strays;
    private boolean reported;
    private long startedAt = -1;
    private long ringFull;
    private long received;
    private long receivedBytes;
    private long firstRx = -1;
    private long lastRx;
    private long nextSeq;
    private long missing;

    private NetWorkload(Map<String, String> args) {
        this.role = args.get("role");
        this.ping = role.equals("ping");
        this.stream = role.equals("stream");
        this.sink = role.equals("sink");
        if (!ArgumentType.MacAddress.parse(args.get("peer"), peer)) {
            throw new IllegalArgumentException("peer: not a MAC address: " + args.get("peer"));
        }
        this.count = ArgumentType.Count.parse(args.get("count"));
        this.size = (int) ArgumentType.Count.parse(args.get("size"));
        this.rateMbps = ArgumentType.Count.parse(args.get("rate"));
        this.rtts = new Latencies(ping ? (int) count : 0);
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        Hypercalls hc = kernel.hypercalls(cpu);
        if (cpu.vcpuId() != 0) {
            GuestWaits.block(kernel, cpu, hc, "net");
            return;
        }
        if (nic == null || !nic.isConnected()) {
            Netfront f = Netfront.first(kernel);
            if (f == null || !f.isConnected()) {
                GuestWaits.sleep(kernel, cpu, hc, WAIT_NS, "net");
                return;
            }
            if (nic == null) {
                kernel.printk(
                        cpu, "net: " + role + " on " + f.device().nodename() + ", mac " + Netfront.macText(f.mac()));
            }
            nic = f;
            nic.setReceiver(this::receive);
        }
        if (ping && replies < count) {
            long now = cpu.rdtsc();
            if (waiting && now - sentAt >= TIMEOUT_NS) {
                lost++;
                waiting = false;
            }
            if (!waiting && send(cpu, KIND_ECHO_REQUEST)) {
                waiting = true;
            }
            GuestWaits.sleep(kernel, cpu, hc, waiting ? TIMEOUT_NS : WAIT_NS, "net");
            return;
        }
        if (ping && !reported) {
            reported = true;
            kernel.printk(
                    cpu,
                    String.format(
                            Locale.ROOT,
                            "net: %d echo replies from %s (%d bytes), %d lost, RTT (us): %s",
                            replies,
                            Netfront.macText(peer),
                            size,
                            lost,
                            rtts.summaryUs()));
        }
        if (stream && seq < count) {
            streamStep(cpu, hc);
            return;
        }
        if (sink && !reported) {
            if (received >= count || received > 0 && cpu.rdtsc() - lastRx >= TIMEOUT_NS) {
                reportSink(cpu);
            } else {
                GuestWaits.sleep(kernel, cpu, hc, received > 0 ? TIMEOUT_NS : WAIT_NS, "net");
                return;
            }
        }
        GuestWaits.block(kernel, cpu, hc, "net");
    }

    /** Sends what is due (all the ring takes, with {@code rate=0}), then sleeps until more is. */
    private void streamStep(GuestCpu cpu, Hypercalls hc) {
        long now = cpu.rdtsc();
        if (startedAt < 0) {
            startedAt = now;
        }
        long frameNs = rateMbps == 0 ? 0 : (long) size * 8 * 1000 / rateMbps;
        while (seq < count) {
            long due = startedAt + seq * frameNs;
            if (due > cpu.rdtsc()) {
                GuestWaits.sleep(kernel, cpu, hc, due - cpu.rdtsc(), "net");
                return;
            }
            if (!send(cpu, KIND_DATA)) {
                ringFull++;
                GuestWaits.sleep(kernel, cpu, hc, RETRY_NS, "net");
                return;
            }
            seq++;
        }
        long took = Math.max(1, cpu.rdtsc() - startedAt);
        kernel.printk(
                cpu,
                String.format(
                        Locale.ROOT,
                        "net: stream: %d frames of %d bytes to %s in %.1f us: %.1f Mb/s, TX ring full %d times",
                        seq,
                        size,
                        Netfront.macText(peer),
                        took / 1000.0,
                        seq * size * 8 * 1000.0 / took,
                        ringFull));
        GuestWaits.block(kernel, cpu, hc, "net");
    }

    private void reportSink(GuestCpu cpu) {
        reported = true;
        long span = Math.max(1, lastRx - firstRx);
        kernel.printk(
                cpu,
                String.format(
                        Locale.ROOT,
                        "net: sink: %d frames, %d bytes in %.1f us (first to last): %.1f Mb/s, %d missing, %d bad",
                        received,
                        receivedBytes,
                        span / 1000.0,
                        receivedBytes * 8 * 1000.0 / span,
                        missing,
                        bad));
    }

    /** Builds and sends frame {@code seq} of {@code kind} (an echo request or data). */
    private boolean send(GuestCpu cpu, int kind) {
        System.arraycopy(peer, 0, out, DST_MAC_OFFSET, 6);
        nic.copyMac(out, SRC_MAC_OFFSET);
        PvsimFrameDescriptor.putEthertype(out, 0, ETHERTYPE_PVSIM);
        LittleEndian.putU8(out, KIND_OFFSET, kind);
        LittleEndian.putI32(out, SEQ_OFFSET, (int) seq);
        sentAt = cpu.rdtsc();
        LittleEndian.putI64(out, SENT_NS_OFFSET, sentAt);
        for (int i = FILLER_OFFSET; i < size; i++) {
            out[i] = (byte) (i * 7 + seq);
        }
        crc.reset();
        crc.update(out, FILLER_OFFSET, size - FILLER_OFFSET);
        LittleEndian.putI32(out, CHECKSUM_OFFSET, (int) crc.getValue());
        return nic.transmit(cpu, out, size);
    }

    private void receive(GuestCpu cpu, byte[] f, int len) {
        if (len < FILLER_OFFSET || PvsimFrameDescriptor.ethertype(f, 0) != ETHERTYPE_PVSIM) {
            strays++;
            return;
        }
        crc.reset();
        crc.update(f, FILLER_OFFSET, len - FILLER_OFFSET);
        if ((int) crc.getValue() != LittleEndian.getI32(f, CHECKSUM_OFFSET)) {
            bad++;
            return;
        }
        int kind = LittleEndian.getU8(f, KIND_OFFSET);
        if (!ping && kind == KIND_ECHO_REQUEST) {
            System.arraycopy(f, 0, out, 0, len);
            System.arraycopy(f, SRC_MAC_OFFSET, out, DST_MAC_OFFSET, 6);
            nic.copyMac(out, SRC_MAC_OFFSET);
            LittleEndian.putU8(out, KIND_OFFSET, KIND_ECHO_REPLY);
            if (nic.transmit(cpu, out, len)) {
                answered++;
                if (answered == count) {
                    kernel.printk(cpu, "net: pong: " + answered + " echo requests answered");
                }
            }
        } else if (sink && kind == KIND_DATA) {
            long at = cpu.rdtsc();
            if (firstRx < 0) {
                firstRx = at;
            }
            lastRx = at;
            received++;
            receivedBytes += len;
            long s = LittleEndian.getI32(f, SEQ_OFFSET) & 0xFFFFFFFFL;
            if (s > nextSeq) {
                missing += s - nextSeq;
            }
            nextSeq = Math.max(nextSeq, s + 1);
        } else if (ping && kind == KIND_ECHO_REPLY && waiting && LittleEndian.getI32(f, SEQ_OFFSET) == (int) seq) {
            rtts.add(cpu.rdtsc() - LittleEndian.getI64(f, SENT_NS_OFFSET));
            replies++;
            seq++;
            waiting = false;
        } else {
            strays++;
        }
    }

    @Override
    public long progress() {
        return ping ? replies : stream ? seq : sink ? received : answered;
    }

    /** Replies received (ping). */
    public long replies() {
        return replies;
    }

    /** Requests that timed out (ping). */
    public long lost() {
        return lost;
    }

    /** Frames with a wrong checksum. */
    public long bad() {
        return bad;
    }
}
