package org.pvsim.dom0.xenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.dom0.xenstore.XenstoredPermissionsTest.bytes;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.io.XenstoreDomainInterfaceDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/** Bad guests get an error reply or lose their own connection; the other domain carries on every time. */
class XenstoredHostileClientTest {
    private final XsFixture f = new XsFixture();
    private final RingClient bad = f.domain(1);
    private final RingClient good = f.domain(2);

    private void goodStillWorks() {
        assertThat(good.call(XsdSockmsgType.XS_WRITE, 0, bytes("alive\0yes")).text())
                .isEqualTo("OK\0");
        assertThat(good.call(XsdSockmsgType.XS_READ, "alive").text()).isEqualTo("yes");
    }

    @Test
    void anOversizedPayloadDropsThatConnectionWithErrorProto() {
        byte[] header = XsWire.encode(XsdSockmsgType.XS_WRITE.code, 1, 0, new byte[0]);
        XsWire.put32(header, 12, 4097);
        bad.send(header);
        f.xs.serviceRing(1);
        assertThat(bad.error()).isEqualTo(XenstoreDomainInterfaceDescriptor.XENSTORE_ERROR_PROTO);
        assertThat(f.host.events).contains("disconnect 1");
        assertThat(f.xs.log()).anyMatch(l -> l.contains("Client tried to feed us 4097"));
        // Still introduced until released; nothing more is read.
        assertThat(f.xs.isIntroduced(1)).isTrue();
        bad.send(XsWire.encode(XsdSockmsgType.XS_READ.code, 2, 0, XsWire.strings("x")));
        f.xs.serviceRing(1);
        bad.drain();
        assertThat(bad.events()).isEmpty();
        goodStillWorks();
    }

    @Test
    void corruptRingIndicesDropThatConnectionWithErrorRingidx() {
        bad.cpu.write32(XenstoreDomainInterfaceDescriptor.REQ_PROD_OFFSET, 5000);
        f.xs.serviceRing(1);
        assertThat(bad.error()).isEqualTo(XenstoreDomainInterfaceDescriptor.XENSTORE_ERROR_RINGIDX);
        assertThat(f.host.events).contains("disconnect 1");
        goodStillWorks();
    }

    @Test
    void corruptResponseIndicesDropTheConnectionWhenEventsAreWritten() throws XsException {
        bad.call(XsdSockmsgType.XS_WATCH, "x", "t");
        bad.cpu.write32(XenstoreDomainInterfaceDescriptor.RSP_CONS_OFFSET, 123456);
        f.dom0.write(0, "/local/domain/1/x", "boom");
        assertThat(bad.error()).isEqualTo(XenstoreDomainInterfaceDescriptor.XENSTORE_ERROR_RINGIDX);
        goodStillWorks();
    }

    @Test
    void malformedPathsAndNonAsciiAreEinvalAndTheConnectionLives() {
        assertThat(bad.call(XsdSockmsgType.XS_READ, 0, new byte[] {(byte) 0xC3, (byte) 0xA9, 0})
                        .errno())
                .isEqualTo("EINVAL");
        assertThat(bad.call(XsdSockmsgType.XS_READ, 0, new byte[] {'/', 'a', (byte) 0xFF, 0})
                        .errno())
                .isEqualTo("EINVAL");
        assertThat(bad.call(XsdSockmsgType.XS_WRITE, 0, new byte[0]).errno()).isEqualTo("EINVAL");
        assertThat(bad.call(XsdSockmsgType.XS_READ, 0, new byte[0]).errno()).isEqualTo("EINVAL");
        assertThat(bad.call(XsdSockmsgType.XS_MKDIR, "../../etc").errno()).isEqualTo("EINVAL");
        // Binary values are fine: only names are restricted.
        assertThat(bad.call(XsdSockmsgType.XS_WRITE, 0, new byte[] {'v', 0, 0, (byte) 0xFF, 0})
                        .text())
                .isEqualTo("OK\0");
        assertThat(bad.call(XsdSockmsgType.XS_READ, "v").payload()).containsExactly(0, (byte) 0xFF, 0);
        goodStillWorks();
    }

    @Test
    void aMessageSplitAcrossManyRingReadsIsReassembled() {
        byte[] m = XsWire.encode(XsdSockmsgType.XS_WRITE.code, 9, 0, bytes("big\0" + "z".repeat(1900)));
        for (int off = 0; off < m.length; ) {
            int n = bad.send(java.util.Arrays.copyOfRange(m, off, Math.min(m.length, off + 7)));
            off += n;
            f.xs.serviceRing(1);
        }
        bad.drain();
        assertThat(bad.call(XsdSockmsgType.XS_READ, "big").payload()).hasSize(1900);
    }

    @Test
    void aFloodOfWatchesHitsTheQuotaWithEnospc() {
        int ok = 0;
        String last = null;
        for (int i = 0; i < 200; i++) {
            RingClient.Msg r = bad.call(XsdSockmsgType.XS_WATCH, "w" + i, "t");
            if (r.isError()) {
                last = r.errno();
                break;
            }
            ok++;
            bad.events();
        }
        assertThat(ok).isEqualTo(128);
        assertThat(last).isEqualTo("ENOSPC");
        goodStillWorks();
    }

    @Test
    void aFloodOfNodesHitsTheQuotaWithEnospc() {
        XsFixture small = new XsFixture(new XenstoreQuota(10, 128, 20, 10, 1024, 5, 2048, 2048, 1 << 20));
        RingClient d = small.domain(1);
        int made = 0;
        while (!d.call(XsdSockmsgType.XS_WRITE, 0, bytes("n" + made + "\0x")).isError()) {
            made++;
        }
        // The home the toolstack gave the domain counts too: it owns it.
        assertThat(made).isEqualTo(9);
        assertThat(d.call(XsdSockmsgType.XS_WRITE, 0, bytes("one-more\0x")).errno())
                .isEqualTo("ENOSPC");
        assertThat(d.call(XsdSockmsgType.XS_RM, "n0").text()).isEqualTo("OK\0");
        assertThat(d.call(XsdSockmsgType.XS_WRITE, 0, bytes("one-more\0x")).text())
                .isEqualTo("OK\0");
    }

    @Test
    void aFloodOfRequestsWithoutReadingRepliesIsThrottled() {
        byte[] req = XsWire.encode(XsdSockmsgType.XS_READ.code, 1, 0, XsWire.strings("/local/domain/1"));
        int sent = 0;
        // The guest never consumes replies: xenstored stops reading once `outstanding` replies wait, so the request
        // ring fills up and the guest cannot send more.
        for (int round = 0; round < 200 && bad.space() >= req.length; round++) {
            bad.send(req);
            sent++;
            f.xs.serviceRing(1);
        }
        assertThat(sent).isLessThan(200);
        assertThat(f.host.events).doesNotContain("disconnect 1");
        goodStillWorks();
        // Once the guest reads its replies, service resumes and every request is answered.
        int replies = 0;
        for (int i = 0; i < 1000 && replies < sent; i++) {
            bad.drain();
            replies += bad.takeReplies();
            f.xs.serviceRing(1);
        }
        assertThat(replies).isEqualTo(sent);
    }

    @Test
    void privilegedOnlyRequestsFromAGuestAreRefused() {
        assertThat(bad.call(XsdSockmsgType.XS_RELEASE, "2").errno()).isEqualTo("EACCES");
        assertThat(bad.call(XsdSockmsgType.XS_INTRODUCE, "3", "1", "1").errno()).isEqualTo("EACCES");
        goodStillWorks();
        assertThat(f.xs.isIntroduced(2)).isTrue();
    }
}
