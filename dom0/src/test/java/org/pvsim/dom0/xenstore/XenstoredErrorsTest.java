package org.pvsim.dom0.xenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.dom0.xenstore.XenstoredPermissionsTest.bytes;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/** Every errno xenstored answers, each provoked over a domain's ring as a guest would. */
class XenstoredErrorsTest {
    private final XsFixture f =
            new XsFixture(new XenstoreQuota(1000, 128, 20, 2, 1024, 5, 2048, 2048, 2 * 1024 * 1024));
    private final RingClient d1 = f.domain(1);

    @Test
    void einvalForBadPathsArgumentsAndSpecialNodes() {
        assertThat(d1.call(XsdSockmsgType.XS_READ, "a b").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "trailing/").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "/local//domain").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "@releaseDomain").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_READ, 0, bytes("two\0args\0")).errno())
                .isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_READ, 0, bytes("no-nul")).errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("no-nul")).errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_RM, "/").errno()).isEqualTo("EACCES");
        assertThat(d1.call(XsdSockmsgType.XS_WATCH, "onlypath").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_TRANSACTION_END, "X").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_SET_PERMS, "x").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_SET_PERMS, "x", "q1").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_GET_DOMAIN_PATH, "12x").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_GET_DOMAIN_PATH, "70000").errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_DIRECTORY_PART, "onlypath").errno())
                .isEqualTo("EINVAL");
        // A relative path longer than path-max (2048 past the home prefix).
        assertThat(d1.call(XsdSockmsgType.XS_READ, "a".repeat(2049)).errno()).isEqualTo("EINVAL");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "a".repeat(2048)).errno()).isEqualTo("ENOENT");
    }

    @Test
    void einvalForPrivilegedRequestsWithBadArguments() throws Exception {
        assertThat(sock(XsdSockmsgType.XS_RM, "/")).isEqualTo("EINVAL");
        assertThat(sock(XsdSockmsgType.XS_INTRODUCE, "5", "1", "0")).isEqualTo("EINVAL");
        assertThat(sock(XsdSockmsgType.XS_INTRODUCE, "5", "1")).isEqualTo("EINVAL");
        assertThat(sock(XsdSockmsgType.XS_RELEASE, "0")).isEqualTo("EINVAL");
        f.host.unmappable.add(7);
        assertThat(sock(XsdSockmsgType.XS_INTRODUCE, "7", "1", "3")).isEqualTo("EINVAL");
        assertThat(sock(XsdSockmsgType.XS_CONTROL, "frobnicate")).isEqualTo("EINVAL");
        assertThat(sock(XsdSockmsgType.XS_SET_FEATURE, "9", "255")).isEqualTo("EINVAL");
    }

    @Test
    void eaccesForPrivilegedRequestsAndForbiddenNodes() {
        for (XsdSockmsgType t : new XsdSockmsgType[] {
            XsdSockmsgType.XS_INTRODUCE, XsdSockmsgType.XS_RELEASE, XsdSockmsgType.XS_IS_DOMAIN_INTRODUCED,
            XsdSockmsgType.XS_RESUME, XsdSockmsgType.XS_SET_TARGET, XsdSockmsgType.XS_CONTROL,
            XsdSockmsgType.XS_SET_FEATURE, XsdSockmsgType.XS_GET_QUOTA, XsdSockmsgType.XS_SET_QUOTA
        }) {
            assertThat(d1.call(t, "1").errno()).as(t.name()).isEqualTo("EACCES");
        }
        assertThat(d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("/tool/x\0v")).errno())
                .isEqualTo("EACCES");
        assertThat(d1.call(XsdSockmsgType.XS_GET_FEATURE, "0").errno()).isEqualTo("EACCES");
    }

    @Test
    void eexistEnoentEbusyEagainEpermEnospcEnosys() throws XsException {
        d1.call(XsdSockmsgType.XS_WATCH, "x", "t");
        assertThat(d1.call(XsdSockmsgType.XS_WATCH, "x", "t").errno()).isEqualTo("EEXIST");
        assertThat(d1.call(XsdSockmsgType.XS_UNWATCH, "x", "other").errno()).isEqualTo("ENOENT");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "missing").errno()).isEqualTo("ENOENT");
        assertThat(d1.call(XsdSockmsgType.XS_RM, "missing/deeper").errno()).isEqualTo("ENOENT");
        assertThat(d1.call(XsdSockmsgType.XS_RM, "missing").text()).isEqualTo("OK\0");
        assertThat(d1.call(XsdSockmsgType.XS_READ, 77, XsWire.strings("x")).errno())
                .isEqualTo("ENOENT");
        assertThat(d1.call(XsdSockmsgType.XS_TRANSACTION_END, "T").errno()).isEqualTo("ENOENT");
        int tx = Integer.parseInt(
                d1.call(XsdSockmsgType.XS_TRANSACTION_START, "").strings().get(0));
        assertThat(d1.call(XsdSockmsgType.XS_TRANSACTION_START, tx, XsWire.strings(""))
                        .errno())
                .isEqualTo("EBUSY");
        d1.call(XsdSockmsgType.XS_TRANSACTION_START, "");
        // Quota of 2 transactions.
        assertThat(d1.call(XsdSockmsgType.XS_TRANSACTION_START, "").errno()).isEqualTo("ENOSPC");
        d1.call(XsdSockmsgType.XS_READ, tx, XsWire.strings("x"));
        d1.call(XsdSockmsgType.XS_WRITE, tx, bytes("x\0mine"));
        f.dom0.write(0, "/local/domain/1/x", "theirs");
        assertThat(d1.call(XsdSockmsgType.XS_TRANSACTION_END, tx, XsWire.strings("T"))
                        .errno())
                .isEqualTo("EAGAIN");
        assertThat(d1.call(XsdSockmsgType.XS_SET_PERMS, "x", "n0").errno()).isEqualTo("EPERM");
        assertThat(d1.call(XsdSockmsgType.XS_SET_PERMS, "x", "n1", "r2", "r3", "r4", "r5", "r6")
                        .errno())
                .isEqualTo("ENOSPC");
        assertThat(d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("big\0" + "v".repeat(2100)))
                        .errno())
                .isEqualTo("ENOSPC");
        assertThat(d1.call(XsdSockmsgType.XS_SET_QUOTA, "1").errno()).isEqualTo("EACCES");
        assertThat(raw(XsdSockmsgType.TYPE_COUNT + 3).errno()).isEqualTo("ENOSYS");
        assertThat(raw(20).errno()).isEqualTo("ENOSYS");
        assertThat(raw(XsdSockmsgType.XS_WATCH_EVENT.code).errno()).isEqualTo("ENOSYS");
        assertThat(sock(XsdSockmsgType.XS_SET_QUOTA, "1", "nodes", "5")).isEqualTo("ENOSYS");
        assertThat(sock(XsdSockmsgType.XS_RELEASE, "42")).isEqualTo("ENOENT");
        f.domain(9);
        assertThat(sock(XsdSockmsgType.XS_SET_FEATURE, "9", "2")).isEqualTo("EBUSY");
    }

    @Test
    void e2bigForAReplyLargerThanAPayload() throws XsException {
        for (int i = 0; i < 40; i++) {
            f.dom0.mkdir(0, "/wide/" + "c".repeat(100) + i);
        }
        assertThat(sock(XsdSockmsgType.XS_DIRECTORY, "/wide")).isEqualTo("E2BIG");
        // DIRECTORY_PART pages through the same list.
        byte[] r = f.dom0.request(
                XsWire.encode(XsdSockmsgType.XS_DIRECTORY_PART.code, 1, 0, XsWire.strings("/wide", "0")));
        assertThat(XsWire.get32(r, 0)).isEqualTo(XsdSockmsgType.XS_DIRECTORY_PART.code);
    }

    @Test
    void directoryPartReturnsGenerationAndEndMarker() throws XsException {
        f.dom0.write(0, "/d/a", "");
        f.dom0.write(0, "/d/bb", "");
        byte[] r =
                f.dom0.request(XsWire.encode(XsdSockmsgType.XS_DIRECTORY_PART.code, 1, 0, XsWire.strings("/d", "0")));
        java.util.List<String> parts = XsWire.split(java.util.Arrays.copyOfRange(r, 16, r.length));
        assertThat(parts.subList(1, parts.size())).containsExactly("a", "bb", "");
        assertThat(Long.parseLong(parts.get(0))).isPositive();
        byte[] r2 =
                f.dom0.request(XsWire.encode(XsdSockmsgType.XS_DIRECTORY_PART.code, 1, 0, XsWire.strings("/d", "2")));
        assertThat(XsWire.split(java.util.Arrays.copyOfRange(r2, 16, r2.length)).subList(1, 3))
                .containsExactly("bb", "");
    }

    private String sock(XsdSockmsgType t, String... args) {
        byte[] r = f.dom0.request(XsWire.encode(t.code, 1, 0, XsWire.strings(args)));
        if (XsWire.get32(r, 0) != XsdSockmsgType.XS_ERROR.code) {
            return "OK";
        }
        return XsWire.split(java.util.Arrays.copyOfRange(r, 16, r.length)).get(0);
    }

    private RingClient.Msg raw(int type) {
        return d1.callCode(type, 0, XsWire.strings("x"));
    }
}
