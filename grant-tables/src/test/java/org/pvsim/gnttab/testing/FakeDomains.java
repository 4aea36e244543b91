package org.pvsim.gnttab.testing;

import java.util.Map;
import java.util.TreeMap;
import org.pvsim.hypervisor.spi.DomainQuery;

/** A {@link DomainQuery} a test configures: which domains exist, their grant limits and privileges. */
public final class FakeDomains implements DomainQuery {
    /** One domain; fields are public for tests to change. */
    public static final class Dom {
        public final int domid;
        public boolean alive = true;
        public boolean control;
        public int maxGrantFrames = 64;
        public int maxMaptrackFrames = 1024;
        public int maxGrantVersion = 2;

        Dom(int domid) {
            this.domid = domid;
        }
    }

    private final Map<Integer, Dom> doms = new TreeMap<>();

    public Dom add(int domid) {
        Dom d = new Dom(domid);
        doms.put(domid, d);
        return d;
    }

    public Dom get(int domid) {
        return doms.get(domid);
    }

    public void remove(int domid) {
        doms.remove(domid);
    }

    @Override
    public int nrPcpus() {
        return 1;
    }

    @Override
    public boolean exists(int domid) {
        return doms.containsKey(domid);
    }

    @Override
    public boolean isAlive(int domid) {
        Dom d = doms.get(domid);
        return d != null && d.alive;
    }

    @Override
    public boolean isControlDomain(int domid) {
        Dom d = doms.get(domid);
        return d != null && d.control;
    }

    @Override
    public boolean isHardwareDomain(int domid) {
        return isControlDomain(domid);
    }

    @Override
    public int maxVcpus(int domid) {
        return exists(domid) ? 1 : 0;
    }

    @Override
    public boolean vcpuExists(int domid, int vcpu) {
        return exists(domid) && vcpu == 0;
    }

    @Override
    public int runningOn(int domid, int vcpu) {
        return -1;
    }

    @Override
    public int maxEvtchnPort(int domid) {
        return exists(domid) ? 1023 : -1;
    }

    @Override
    public int maxGrantFrames(int domid) {
        Dom d = doms.get(domid);
        return d == null ? -1 : d.maxGrantFrames;
    }

    @Override
    public int maxMaptrackFrames(int domid) {
        Dom d = doms.get(domid);
        return d == null ? -1 : d.maxMaptrackFrames;
    }

    @Override
    public int maxGrantVersion(int domid) {
        Dom d = doms.get(domid);
        return d == null ? -1 : d.maxGrantVersion;
    }

    @Override
    public int controllerPauseCount(int domid) {
        return 0;
    }

    @Override
    public long sharedInfoMfn(int domid) {
        return exists(domid) ? 0x1000 + domid : -1;
    }
}
