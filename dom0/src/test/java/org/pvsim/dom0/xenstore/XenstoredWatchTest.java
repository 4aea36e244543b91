package org.pvsim.dom0.xenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.dom0.xenstore.XenstoredPermissionsTest.bytes;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

class XenstoredWatchTest {
    private final XsFixture f = new XsFixture();
    private final RingClient d1 = f.domain(1);
    private final RingClient d2 = f.domain(2);

    @Test
    void aWatchFiresOnceWhenSetThenOnChangesAtOrBelowIt() throws XsException {
        assertThat(d1.call(XsdSockmsgType.XS_WATCH, "/local/domain/1/control", "tok")
                        .text())
                .isEqualTo("OK\0");
        assertThat(d1.events()).containsExactly("/local/domain/1/control|tok");
        f.dom0.write(0, "/local/domain/1/control/shutdown", "poweroff");
        f.dom0.write(0, "/local/domain/1/controlx", "not below");
        f.dom0.write(0, "/local/domain/1/control", "itself");
        assertThat(d1.events()).containsExactly("/local/domain/1/control/shutdown|tok", "/local/domain/1/control|tok");
    }

    @Test
    void eventsReachTheRingWithoutTheGuestAskingAndNotifyIt() throws XsException {
        d1.call(XsdSockmsgType.XS_WATCH, "/local/domain/1/memory", "m");
        d1.events();
        int before = f.host.notifies.getOrDefault(1, 0);
        f.dom0.write(0, "/local/domain/1/memory/target", "1024");
        assertThat(f.host.notifies.get(1)).isGreaterThan(before);
        d1.drain();
        assertThat(d1.events()).containsExactly("/local/domain/1/memory/target|m");
    }

    @Test
    void removingAnAncestorFiresWatchesOnEveryNodeBelow() throws XsException {
        f.dom0.write(0, "/local/domain/1/device/vif/0/state", "4");
        d1.call(XsdSockmsgType.XS_WATCH, "/local/domain/1/device/vif/0/state", "st");
        d1.call(XsdSockmsgType.XS_WATCH, "/local/domain/1/device", "dev");
        d1.events();
        f.dom0.rm(0, "/local/domain/1/device");
        List<String> ev = d1.events();
        assertThat(ev).contains("/local/domain/1/device/vif/0/state|st", "/local/domain/1/device|dev");
    }

    @Test
    void relativeWatchesReportRelativePaths() throws XsException {
        d1.call(XsdSockmsgType.XS_WATCH, "control/shutdown", "rel");
        assertThat(d1.events()).containsExactly("control/shutdown|rel");
        f.dom0.write(0, "/local/domain/1/control/shutdown", "reboot");
        assertThat(d1.events()).containsExactly("control/shutdown|rel");
    }

    @Test
    void aWatcherWithoutReadPermissionIsNotTold() throws XsException {
        d2.call(XsdSockmsgType.XS_WATCH, "/local/domain/1", "spy");
        assertThat(d2.events()).containsExactly("/local/domain/1|spy");
        f.dom0.write(0, "/local/domain/1/secret", "x");
        d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("data\0y"));
        assertThat(d2.events()).isEmpty();
        // Once allowed to read, it is told.
        f.dom0.setPerms(
                0,
                "/local/domain/1/secret",
                List.of(new XsPermission(1, XsPermission.NONE), new XsPermission(2, XsPermission.READ)));
        assertThat(d2.events()).containsExactly("/local/domain/1/secret|spy");
    }

    @Test
    void introduceAndReleaseFireTheSpecialWatches() throws XsException {
        f.dom0.watch("@introduceDomain", "intro");
        f.dom0.watch("@releaseDomain", "rel");
        d1.call(XsdSockmsgType.XS_WATCH, "@releaseDomain", "d1rel");
        d1.call(XsdSockmsgType.XS_WATCH, "@introduceDomain", "d1intro");
        assertThat(drain(f.dom0)).containsExactly("@introduceDomain|intro", "@releaseDomain|rel");
        d1.events();
        f.domain(3);
        assertThat(drain(f.dom0)).containsExactly("@introduceDomain|intro");
        // dom0-only node: the domain is not told about introductions.
        assertThat(d1.events()).isEmpty();
        f.xs.domainShutdown(3);
        f.xs.domainShutdown(3);
        assertThat(drain(f.dom0)).containsExactly("@releaseDomain|rel");
        assertThat(d1.events()).containsExactly("@releaseDomain|d1rel");
        f.xs.domainDied(3);
        assertThat(drain(f.dom0)).containsExactly("@releaseDomain|rel");
        assertThat(f.xs.isIntroduced(3)).isFalse();
        assertThat(f.host.events).contains("disconnect 3");
    }

    @Test
    void releasedDomainsOwnNodesAreDeletedAndItsPermEntriesDropped() throws XsException {
        d1.call(XsdSockmsgType.XS_WRITE, 0, bytes("data/k\0v"));
        f.dom0.write(0, "/shared", "s");
        f.dom0.setPerms(
                0, "/shared", List.of(new XsPermission(0, XsPermission.NONE), new XsPermission(1, XsPermission.READ)));
        f.dom0.release(1);
        assertThat(f.dom0.directory(0, "/local/domain")).containsExactly("2");
        assertThat(f.dom0.getPerms(0, "/shared")).containsExactly(new XsPermission(0, 'n'));
        assertThat(f.xs.log()).contains("domain 1 released");
    }

    @Test
    void duplicateEventsStillQueuedAreMerged() throws XsException {
        d1.call(XsdSockmsgType.XS_WATCH, "/local/domain/1/x", "t");
        d1.events();
        // Fill without servicing: the guest does not read its ring.
        for (int i = 0; i < 3; i++) {
            f.dom0.write(0, "/local/domain/1/x", "v" + i);
        }
        List<String> ev = d1.events();
        assertThat(ev).isNotEmpty().allMatch(e -> e.equals("/local/domain/1/x|t"));
    }

    @Test
    void unwatchStopsEvents() throws XsException {
        f.dom0.watch("/a", "t");
        f.dom0.unwatch("/a", "t");
        drain(f.dom0);
        f.dom0.write(0, "/a", "1");
        assertThat(drain(f.dom0)).isEmpty();
    }

    static List<String> drain(XsSocket s) {
        List<String> out = new ArrayList<>();
        for (XsWatchEvent e = s.pollWatchEvent(); e != null; e = s.pollWatchEvent()) {
            out.add(e.path() + "|" + e.token());
        }
        return out;
    }
}
