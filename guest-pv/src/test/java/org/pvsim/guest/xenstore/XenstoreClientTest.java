package org.pvsim.guest.xenstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.hypercall.FakeGuestCpu;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.io.XenstoreDomainInterfaceDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;
import org.pvsim.hypervisor.testing.Seeds;

/** The xenstore client against {@link FakeXenstored} driving the other end of the ring page. */
class XenstoreClientTest {
    private static final int PORT = 7;
    private final FakeGuestCpu cpu = new FakeGuestCpu(0, 4, (c, n, a1, a2, a3, a4, a5) -> 0);
    private final long page = FakeGuestCpu.BASE;
    private final FakeXenstored dom0 = new FakeXenstored();
    private int notified;
    private final XenstoreClient xs = new XenstoreClient(page, PORT, c -> ++notified > 0 ? 0 : 0, null).bind(cpu);

    /** Lets both ends run until nothing moves. */
    private void settle() {
        for (int i = 0; i < 100_000; i++) {
            boolean moved = dom0.service(cpu, page);
            xs.handleEvent(cpu, PORT);
            if (!moved && dom0.pendingOutput() == 0 && xs.queuedBytes() == 0 && !dom0.service(cpu, page)) {
                xs.handleEvent(cpu, PORT);
                return;
            }
        }
        throw new AssertionError("the ring never settled");
    }

    @Test
    void writeReadDirectoryMkdirRmAndPermsRoundTrip() {
        List<String> got = new ArrayList<>();
        xs.write(0, "data/a", "hello", (c, r) -> got.add("write " + r.value()));
        xs.mkdir(0, "data/b", (c, r) -> got.add("mkdir " + r.value()));
        xs.read(0, "data/a", (c, r) -> got.add("read " + r.value()));
        xs.directory(0, "data", (c, r) -> got.add("dir " + r.strings()));
        xs.getPerms(0, "data/a", (c, r) -> got.add("perms " + r.strings()));
        xs.setPerms(0, "data/a", List.of("n1", "r0"), (c, r) -> got.add("setperms " + r.value()));
        xs.rm(0, "data/a", (c, r) -> got.add("rm " + r.value()));
        xs.read(0, "data/a", (c, r) -> got.add("read " + r.errno()));
        settle();
        assertThat(got)
                .containsExactly(
                        "write OK",
                        "mkdir OK",
                        "read hello",
                        "dir [a, b]",
                        "perms [n0, r1]",
                        "setperms OK",
                        "rm OK",
                        "read ENOENT");
        assertThat(dom0.requests.get(5)).isEqualTo("XS_SET_PERMS tx=0 data/a|n1|r0");
        assertThat(xs.inFlight()).isZero();
        assertThat(notified).isPositive();
    }

    @Test
    void messagesSplitIntoPiecesAndAcrossTheIndexWrapAreReassembledAndMatchedByReqId() {
        // both rings start just below 2^32, so the free-running indices wrap while the test runs
        for (int off : new int[] {
            XenstoreDomainInterfaceDescriptor.REQ_CONS_OFFSET, XenstoreDomainInterfaceDescriptor.REQ_PROD_OFFSET,
            XenstoreDomainInterfaceDescriptor.RSP_CONS_OFFSET, XenstoreDomainInterfaceDescriptor.RSP_PROD_OFFSET
        }) {
            cpu.write32(page + off, 0xFFFF_FF00);
        }
        dom0.chunk = 7;
        Map<Integer, String> expected = new TreeMap<>();
        Map<Integer, String> answered = new TreeMap<>();
        for (int i = 0; i < 60; i++) {
            String value = "v" + i + "-" + "x".repeat((i * 37) % 300);
            xs.write(0, "n/" + i, value, null);
            int id = xs.read(0, "n/" + i, (c, r) -> answered.put(r.reqId(), r.value()));
            expected.put(id, value);
        }
        settle();
        assertThat(answered).isEqualTo(expected);
        assertThat(cpu.read32(page + XenstoreDomainInterfaceDescriptor.RSP_PROD_OFFSET))
                .as("the rsp index wrapped")
                .isBetween(0, 0x7FFF_FFFF);
        assertThat(xs.malformed()).isZero();
    }

    @Test
    void aRequestBiggerThanTheFreeSpaceWaitsInTheKernelAndKeepsItsOrder() {
        String big = "y".repeat(3000);
        List<String> order = new ArrayList<>();
        xs.write(0, "big", big, (c, r) -> order.add("big " + r.value()));
        xs.write(0, "small", "1", (c, r) -> order.add("small " + r.value()));
        assertThat(xs.queuedBytes()).as("more than the 1024-byte ring waits").isPositive();
        settle();
        assertThat(order).containsExactly("big OK", "small OK");
        assertThat(dom0.read("big")).isEqualTo(big);
        assertThat(xs.queuedBytes()).isZero();
    }

    @Test
    void tooBigPayloadsAndDuplicateWatchTokensAreRefusedLocally() {
        assertThat(xs.write(0, "p", "z".repeat(5000), null)).isEqualTo(Errno.E2BIG.neg());
        assertThat(xs.watch("a", "t", (c, p, t) -> {}, null)).isPositive();
        assertThat(xs.watch("b", "t", (c, p, t) -> {}, null)).isEqualTo(Errno.EEXIST.neg());
    }

    @Test
    void watchEventsGoToTheCallbackOfTheirTokenAndStopAfterUnwatch() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        xs.watch("control", "ta", (c, p, t) -> a.add(p), null);
        xs.watch("memory/target", "tb", (c, p, t) -> b.add(p), null);
        settle();
        assertThat(a).containsExactly("control");
        assertThat(b).containsExactly("memory/target");
        dom0.write("control/shutdown", "poweroff");
        dom0.write("memory/target", "1024");
        settle();
        assertThat(a).containsExactly("control", "control/shutdown");
        assertThat(b).containsExactly("memory/target", "memory/target");
        xs.unwatch("control", "ta", null);
        settle();
        dom0.write("control/shutdown", "");
        settle();
        assertThat(a).hasSize(2);
        assertThat(xs.watches()).containsOnlyKeys("tb");
        assertThat(xs.watchEventsDelivered()).isEqualTo(4);
    }

    @Test
    void pollStyleKeepsRepliesAndWatchEventsForTheWorkload() {
        int id = xs.read(0, "missing", null);
        xs.watch("@releaseDomain", "rel", null, null);
        assertThat(xs.takeReply(id)).isNull();
        settle();
        XsReply r = xs.takeReply(id);
        assertThat(r.isError("ENOENT")).isTrue();
        assertThat(xs.takeReply(id)).isNull();
        assertThat(xs.pollWatchEvent()).isEqualTo(new XsWatchEvent("@releaseDomain", "rel"));
        assertThat(xs.pollWatchEvent()).isNull();
    }

    @Test
    void aTransactionRunsItsBodyAgainOnEagainAndReportsTheCommit() {
        dom0.failCommits = 2;
        int[] runs = {0};
        XsReply[] done = {null};
        xs.transaction(
                (c, t) -> {
                    runs[0]++;
                    xs.read(
                            t.id(),
                            "device/vif/0/state",
                            (c2, r) -> xs.write(t.id(), "device/vif/0/state", "4", (c3, w) -> t.commit(c3)));
                },
                (c, r) -> done[0] = r);
        settle();
        assertThat(runs[0]).isEqualTo(3);
        assertThat(done[0].isError()).isFalse();
        assertThat(done[0].type()).isEqualTo(XsdSockmsgType.XS_TRANSACTION_END);
        assertThat(dom0.refusedCommits).isEqualTo(2);
        assertThat(dom0.requests.stream()
                        .filter(s -> s.startsWith("XS_WRITE tx=3"))
                        .count())
                .as("the third attempt ran in transaction 3")
                .isEqualTo(1);
    }

    @Test
    void aTransactionGivesUpAfterMaxAttemptsAndAnAbortReportsWhy() {
        dom0.failCommits = 1_000;
        XsReply[] done = {null, null};
        int[] runs = {0};
        xs.transaction(
                (c, t) -> {
                    runs[0]++;
                    t.commit(c);
                },
                (c, r) -> done[0] = r);
        settle();
        assertThat(runs[0]).isEqualTo(XsTransaction.MAX_ATTEMPTS);
        assertThat(done[0].isError("EAGAIN")).isTrue();

        XsReply why = XsReply.error(0, 0, "ENOENT");
        xs.transaction((c, t) -> t.abort(c, why), (c, r) -> done[1] = r);
        settle();
        assertThat(done[1]).isSameAs(why);
        assertThat(dom0.requests.get(dom0.requests.size() - 1))
                .startsWith("XS_TRANSACTION_END")
                .endsWith(" F");
    }

    @Test
    void malformedRepliesFromAHostileDom0AreLoggedAndDroppedNeverThrown() {
        List<String> got = new ArrayList<>();
        int read = xs.read(0, "x", (c, r) -> got.add("read " + r.errno()));
        int dir = xs.directory(0, "x", (c, r) -> got.add("dir " + r.errno()));
        xs.watch("w", "tok", (c, p, t) -> got.add("event " + p), null);
        xs.bind(cpu);
        // no reply goes to the requests: the fake is not serviced; the "dom0" writes these instead
        byte[] eio = "EIO\0".getBytes(StandardCharsets.UTF_8);
        dom0.sendRaw(XsdSockmsgType.XS_READ.code, 999, 0, 2, "OK".getBytes(StandardCharsets.UTF_8)); // unknown id
        dom0.sendRaw(XsdSockmsgType.XS_WRITE.code, read, 0, 2, "OK".getBytes(StandardCharsets.UTF_8)); // wrong type
        dom0.sendRaw(XsdSockmsgType.XS_ERROR.code, dir, 0, 6, "EWHAT\0".getBytes(StandardCharsets.UTF_8));
        dom0.sendRaw(XsdSockmsgType.XS_WATCH_EVENT.code, 0, 0, 2, "w\0".getBytes(StandardCharsets.UTF_8)); // no token
        dom0.sendRaw(XsdSockmsgType.XS_WATCH_EVENT.code, 0, 0, 7, "w\0nope\0".getBytes(StandardCharsets.UTF_8));
        dom0.sendRaw(12345, 0, 0, 4, eio); // unknown type, no request
        dom0.sendRaw(XsdSockmsgType.XS_READ.code, 5, 0, 100_000, new byte[0]); // oversized header
        // the fake would also answer the three requests: drop them, as a hostile dom0 might
        cpu.write32(
                page + XenstoreDomainInterfaceDescriptor.REQ_CONS_OFFSET,
                cpu.read32(page + XenstoreDomainInterfaceDescriptor.REQ_PROD_OFFSET));
        for (int i = 0; i < 20; i++) {
            dom0.service(cpu, page);
            xs.handleEvent(cpu, PORT);
        }
        assertThat(got).containsExactly("read EIO", "dir EINVAL");
        assertThat(xs.malformed()).isEqualTo(6);
        assertThat(xs.log()).anyMatch(l -> l.contains("unknown error \"EWHAT\""));
        assertThat(xs.log()).anyMatch(l -> l.contains("more than XENSTORE_PAYLOAD_MAX"));
    }

    @Test
    void impossibleIndicesResetTheRingAndAnErrorFieldClosesTheConnection() {
        cpu.write32(page + XenstoreDomainInterfaceDescriptor.RSP_PROD_OFFSET, 5000);
        xs.handleEvent(cpu, PORT);
        assertThat(xs.ringResets()).isEqualTo(1);
        assertThat(cpu.read32(page + XenstoreDomainInterfaceDescriptor.RSP_PROD_OFFSET))
                .isZero();

        List<String> got = new ArrayList<>();
        xs.read(0, "x", (c, r) -> got.add(r.errno()));
        cpu.write32(
                page + XenstoreDomainInterfaceDescriptor.ERROR_OFFSET,
                XenstoreDomainInterfaceDescriptor.XENSTORE_ERROR_PROTO);
        xs.handleEvent(cpu, PORT);
        assertThat(got).containsExactly("EIO");
        assertThat(xs.isDisconnected()).isTrue();
        assertThat(xs.read(0, "x", null)).isEqualTo(Errno.ENOTCONN.neg());
    }

    @Test
    void randomGarbageInTheReplyRingNeverThrows() {
        for (long seed : Seeds.fromProperty(1L, 2L, 3L, 0x5eedL, 0xC0FFEEL)) {
            try {
                SplittableRandom r = new SplittableRandom(seed);
                FakeGuestCpu c = new FakeGuestCpu(0, 4, (x, n, a1, a2, a3, a4, a5) -> 0);
                XenstoreClient client = new XenstoreClient(page, PORT, x -> 0, null).bind(c);
                for (int round = 0; round < 200; round++) {
                    client.read(0, "a", (x, rep) -> rep.value());
                    client.watch("w" + round, "t" + round, (x, p, t) -> {}, null);
                    int len = r.nextInt(0, 64);
                    byte[] junk = new byte[len];
                    r.nextBytes(junk);
                    if (r.nextInt(4) == 0) {
                        // a plausible header with a random type, id and length
                        junk = new byte[16 + len];
                        org.pvsim.hypervisor.abi.LittleEndian.putI32(junk, 0, r.nextInt(0, 30));
                        org.pvsim.hypervisor.abi.LittleEndian.putI32(junk, 4, r.nextInt(0, round + 2));
                        org.pvsim.hypervisor.abi.LittleEndian.putI32(junk, 12, r.nextInt(0, 80));
                    }
                    int prod = c.read32(page + XenstoreDomainInterfaceDescriptor.RSP_PROD_OFFSET);
                    int cons = c.read32(page + XenstoreDomainInterfaceDescriptor.RSP_CONS_OFFSET);
                    int n = Math.min(junk.length, 1024 - (prod - cons));
                    for (int i = 0; i < n; i++) {
                        c.write8(page + XenstoreDomainInterfaceDescriptor.RSP_OFFSET + ((prod + i) & 1023), junk[i]);
                    }
                    c.write32(
                            page + XenstoreDomainInterfaceDescriptor.RSP_PROD_OFFSET,
                            r.nextInt(20) == 0 ? r.nextInt() : prod + n);
                    c.write32(
                            page + XenstoreDomainInterfaceDescriptor.REQ_CONS_OFFSET,
                            c.read32(page + XenstoreDomainInterfaceDescriptor.REQ_PROD_OFFSET));
                    client.handleEvent(c, PORT);
                }
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("seed " + seed + " (rerun with -Dpvsim.seed=" + seed + ")", e);
            }
        }
    }
}
