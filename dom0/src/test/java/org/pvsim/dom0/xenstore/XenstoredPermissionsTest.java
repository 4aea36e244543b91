package org.pvsim.dom0.xenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

class XenstoredPermissionsTest {
    private final XsFixture f = new XsFixture();
    private final RingClient d1 = f.domain(1);
    private final RingClient d2 = f.domain(2);

    @Test
    void aDomainReadsAndWritesItsOwnHomeWithRelativePaths() {
        assertThat(d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("data/x\0hello")).text())
                .isEqualTo("OK\0");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "data/x").text()).isEqualTo("hello");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "/local/domain/1/data/x").text())
                .isEqualTo("hello");
    }

    @Test
    void aDomainCannotReadOrWriteAnotherDomainsNodes() {
        d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("secret\0s3"));
        assertThat(d2.call(XsdSockmsgType.XS_READ, "/local/domain/1/secret").errno())
                .isEqualTo("EACCES");
        assertThat(d2.call(XsdSockmsgType.XS_WRITE, 0, bytes("/local/domain/1/secret\0x"))
                        .errno())
                .isEqualTo("EACCES");
        assertThat(d2.call(XsdSockmsgType.XS_RM, "/local/domain/1/secret").errno())
                .isEqualTo("EACCES");
        assertThat(d2.call(XsdSockmsgType.XS_DIRECTORY, "/local/domain/1").errno())
                .isEqualTo("EACCES");
        // Nothing leaks about existence: a missing node under a forbidden parent is EACCES, not ENOENT.
        assertThat(d2.call(XsdSockmsgType.XS_READ, "/local/domain/1/nothing").errno())
                .isEqualTo("EACCES");
    }

    @Test
    void missingNodeUnderAReadableParentIsEnoent() {
        assertThat(d1.call(XsdSockmsgType.XS_READ, "nothing").errno()).isEqualTo("ENOENT");
    }

    @Test
    void newNodesInheritTheParentsPermsWithTheCreatorAsOwner() throws XsException {
        f.dom0.setPerms(
                0,
                "/local/domain/1",
                List.of(new XsPermission(1, XsPermission.NONE), new XsPermission(2, XsPermission.READ)));
        d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("a/b\0v"));
        assertThat(f.dom0.getPerms(0, "/local/domain/1/a/b"))
                .containsExactly(new XsPermission(1, 'n'), new XsPermission(2, 'r'));
        // dom0 creating a node keeps the parent's owner.
        f.dom0.write(0, "/local/domain/1/by-dom0", "x");
        assertThat(f.dom0.getPerms(0, "/local/domain/1/by-dom0").get(0).domid()).isEqualTo(1);
        // The explicit entry for domain 2 gives it read, not write.
        assertThat(d2.call(XsdSockmsgType.XS_READ, "/local/domain/1/a/b").text())
                .isEqualTo("v");
        assertThat(d2.call(XsdSockmsgType.XS_WRITE, 0, bytes("/local/domain/1/a/b\0w"))
                        .errno())
                .isEqualTo("EACCES");
    }

    @Test
    void theFirstEntrysPermIsTheDefaultForUnlistedDomains() throws XsException {
        f.dom0.write(0, "/shared", "s");
        f.dom0.setPerms(0, "/shared", List.of(new XsPermission(0, XsPermission.READ)));
        assertThat(d1.call(XsdSockmsgType.XS_READ, "/shared").text()).isEqualTo("s");
        assertThat(d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("/shared\0t")).errno())
                .isEqualTo("EACCES");
        f.dom0.setPerms(
                0, "/shared", List.of(new XsPermission(0, XsPermission.BOTH), new XsPermission(2, XsPermission.NONE)));
        assertThat(d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("/shared\0t")).text())
                .isEqualTo("OK\0");
        assertThat(d2.call(XsdSockmsgType.XS_READ, "/shared").errno()).isEqualTo("EACCES");
    }

    @Test
    void dom0BypassesEveryPermission() throws XsException {
        d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("mine\0m"));
        f.dom0.setPerms(0, "/local/domain/1/mine", List.of(new XsPermission(1, XsPermission.NONE)));
        assertThat(f.dom0.read(0, "/local/domain/1/mine")).isEqualTo("m");
        f.dom0.write(0, "/local/domain/1/mine", "n");
        f.dom0.rm(0, "/local/domain/1/mine");
        assertThatThrownBy(() -> f.dom0.read(0, "/local/domain/1/mine"))
                .isInstanceOfSatisfying(
                        XsException.class, e -> assertThat(e.errno()).isEqualTo("ENOENT"));
    }

    @Test
    void onlyTheOwnerSetsPermsAndMayNotGiveTheNodeAway() throws XsException {
        d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("n\0v"));
        assertThat(d1.call(XsdSockmsgType.XS_SET_PERMS, "n", "n1", "r2").text()).isEqualTo("OK\0");
        assertThat(d2.call(XsdSockmsgType.XS_READ, "/local/domain/1/n").text()).isEqualTo("v");
        assertThat(d1.call(XsdSockmsgType.XS_SET_PERMS, "n", "b2").errno()).isEqualTo("EPERM");
        // Read access is not ownership.
        assertThat(d2.call(XsdSockmsgType.XS_SET_PERMS, "/local/domain/1/n", "n1")
                        .errno())
                .isEqualTo("EACCES");
        f.dom0.setPerms(0, "/local/domain/1/n", List.of(new XsPermission(2, XsPermission.NONE)));
        assertThat(f.dom0.getPerms(0, "/local/domain/1/n")).containsExactly(new XsPermission(2, 'n'));
    }

    @Test
    void getPermsWireFormatIsLetterThenDomid() {
        d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("p\0"));
        d1.call(XsdSockmsgType.XS_SET_PERMS, "p", "r1", "w2", "b3");
        assertThat(d1.call(XsdSockmsgType.XS_GET_PERMS, "p").text()).isEqualTo("r1\0w2\0b3\0");
    }

    @Test
    void domainsReadTheReleaseDomainPermsButNotIntroduceDomain() {
        assertThat(d1.call(XsdSockmsgType.XS_GET_PERMS, "@releaseDomain").text())
                .isEqualTo("n0\0r32757\0");
        assertThat(d1.call(XsdSockmsgType.XS_GET_PERMS, "@introduceDomain").errno())
                .isEqualTo("EACCES");
    }

    @Test
    void setTargetLetsAStubDomainActOnItsTarget() {
        d2.call(XsdSockmsgType.XS_WRITE, 0, bytes("dm\0x"));
        assertThat(d1.call(XsdSockmsgType.XS_READ, "/local/domain/2/dm").errno())
                .isEqualTo("EACCES");
        byte[] reply = f.dom0.request(XsWire.encode(XsdSockmsgType.XS_SET_TARGET.code, 1, 0, XsWire.strings("1", "2")));
        assertThat(new String(reply, 16, reply.length - 16)).isEqualTo("OK\0");
        assertThat(d1.call(XsdSockmsgType.XS_READ, "/local/domain/2/dm").text()).isEqualTo("x");
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
