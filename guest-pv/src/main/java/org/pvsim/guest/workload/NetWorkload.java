package org.pvsim.guest.workload;

import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.CHECKSUM_OFFSET;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.DST_MAC_OFFSET;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.ETHERTYPE_PVSIM;
import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.FILLER_OFFSET;
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
 * {@code net}: echo round trips between two domains over their vifs and dom0's bridge, with pvsim's test frames
 * ({@link PvsimFrameDescriptor}). {@code ping} sends an echo request of {@code size} bytes to the MAC address {@code
 * 00:16:3e:00:00:PEER} (give the domains such addresses in their {@code vif}), waits for the matching reply, records the round trip from the TSC it put in the frame, and goes on
 * until {@code count} replies came; a request unanswered after {@link #TIMEOUT_NS} is counted lost and sent again
 * with the next sequence number. {@code pong} answers every echo request whose checksum is right (MACs swapped).
 * Both print a summary; a frame with a wrong checksum is counted and never answered. Only vCPU 0 takes part.
 * Allocates nothing per frame.
 */
public final class NetWorkload implements Workload {
    /** How long ping waits for a reply: 10 ms. */
    public static final long TIMEOUT_NS = 10_000_000;
    /** How long a side sleeps while its vif is not connected yet. */
    public static final long WAIT_NS = 1_000_000;

    /** The spec: {@code workload=net role=ping peer=2 count=1000 size=64}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "net",
            "echo round trips over the first vif and dom0's bridge (netfront/netback): RTT percentiles",
            List.of(
                    WorkloadArgument.choice("role", "ping", "ping sends and measures; pong answers", "ping", "pong"),
                    WorkloadArgument.count(
                            "peer", "2", 1, 255, "ping sends to MAC address 00:16:3e:00:00:PEER (PEER in hex)"),
                    WorkloadArgument.count("count", "1000", 1, 1_000_000, "round trips (ping) or answers (pong)"),
                    WorkloadArgument.count(
                            "size",
                            "64",
                            PvsimFrameDescriptor.MIN_FRAME,
                            PvsimFrameDescriptor.MAX_FRAME,
                            "frame bytes")),
            NetWorkload::new);

    private final boolean ping;
    private final byte[] peer = new byte[6];
    private final long count;
    private final int size;
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

    private NetWorkload(Map<String, String> args) {
        this.ping = args.get("role").equals("ping");
        peer[0] = 0x00;
        peer[1] = 0x16;
        peer[2] = 0x3e;
        peer[5] = (byte) ArgumentType.Count.parse(args.get("peer"));
        this.count = ArgumentType.Count.parse(args.get("count"));
        this.size = (int) ArgumentType.Count.parse(args.get("size"));
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
                        cpu,
                        "net: " + (ping ? "ping" : "pong") + " on " + f.device().nodename() + ", mac "
                                + Netfront.macText(f.mac()));
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
            if (!waiting && send(cpu)) {
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
        GuestWaits.block(kernel, cpu, hc, "net");
    }

    /** Builds and sends echo request {@code seq}. */
    private boolean send(GuestCpu cpu) {
        System.arraycopy(peer, 0, out, DST_MAC_OFFSET, 6);
        nic.copyMac(out, SRC_MAC_OFFSET);
        PvsimFrameDescriptor.putEthertype(out, 0, ETHERTYPE_PVSIM);
        LittleEndian.putU8(out, KIND_OFFSET, KIND_ECHO_REQUEST);
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
        return ping ? replies : answered;
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
