package org.pvsim.dom0.xenstore;

import java.util.List;

/** A xenstored with a test host, dom0's socket, and domains introduced with homes they own, as libxl makes them. */
final class XsFixture {
    final TestHost host = new TestHost();
    final Xenstored xs;
    final XsSocket dom0;

    XsFixture() {
        this(XenstoreQuota.XEN_DEFAULTS);
    }

    XsFixture(XenstoreQuota quota) {
        xs = new Xenstored(host, quota);
        dom0 = xs.openSocket();
    }

    /** Creates {@code /local/domain/<domid>} owned by the domain (no access for others) and introduces it. */
    RingClient domain(int domid) {
        try {
            String home = "/local/domain/" + domid;
            dom0.mkdir(0, home);
            dom0.setPerms(0, home, List.of(new XsPermission(domid, XsPermission.NONE)));
            RingClient c = new RingClient(xs, host, domid);
            dom0.introduce(domid, 0x1000 + domid, 10 + domid);
            return c;
        } catch (XsException e) {
            throw new AssertionError(e);
        }
    }
}
