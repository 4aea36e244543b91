package org.pvsim.hypervisor.spi.testing;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.pvsim.hypervisor.spi.DomainQuery;

/**
 * A {@link DomainQuery} a test configures: which domains exist, their vCPUs, privileges, event-channel and grant
 * limits, and which pCPU each vCPU is running on. Domains are kept by domid in order, so nothing depends on hash order.
 */
public final class FakeDomains implements DomainQuery {
    /** One configured domain; fields are public for tests to change at will. */
    public static final class Dom {
        public final int domid;
        public int maxVcpus;
        public boolean alive = true;
        public boolean control;
        public boolean hardware;
        public int maxEvtchnPort = 1023;
        public int maxGrantFrames = 64;
        public int maxMaptrackFrames = 1024;
        public int maxGrantVersion = 2;
        public int controllerPauseCount;
        public long sharedInfoMfn;
        /** The pCPU each vCPU runs on, or -1. */
        public int[] runningOn;
        /** vCPUs that exist (all below maxVcpus by default). */
        public boolean[] vcpuExists;

        Dom(int domid, int maxVcpus) {
            this.domid = domid;
            this.maxVcpus = maxVcpus;
            this.sharedInfoMfn = 0x1000 + domid;
            this.runningOn = new int[maxVcpus];
            Arrays.fill(runningOn, -1);
            this.vcpuExists = new boolean[maxVcpus];
            Arrays.fill(vcpuExists, true);
        }
    }

    private final Map<Integer, Dom> doms = new TreeMap<>();
    private final int nrPcpus;

    public FakeDomains(int nrPcpus) {
        this.nrPcpus = nrPcpus;
    }

    /** Adds (or replaces) domain {@code domid} with one vCPU, not running. */
    public Dom add(int domid) {
        return add(domid, 1);
    }

    /** Adds (or replaces) domain {@code domid} with {@code maxVcpus} vCPUs, none running. */
    public Dom add(int domid, int maxVcpus) {
        Dom d = new Dom(domid, maxVcpus);
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
        return nrPcpus;
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
        Dom d = doms.get(domid);
        return d != null && d.hardware;
    }

    @Override
    public int maxVcpus(int domid) {
        Dom d = doms.get(domid);
        return d == null ? 0 : d.maxVcpus;
    }

    @Override
    public boolean vcpuExists(int domid, int vcpu) {
        Dom d = doms.get(domid);
        return d != null && vcpu >= 0 && vcpu < d.vcpuExists.length && d.vcpuExists[vcpu];
    }

    @Override
    public int runningOn(int domid, int vcpu) {
        Dom d = doms.get(domid);
        return d == null || vcpu < 0 || vcpu >= d.runningOn.length ? -1 : d.runningOn[vcpu];
    }

    @Override
    public int maxEvtchnPort(int domid) {
        Dom d = doms.get(domid);
        return d == null ? -1 : d.maxEvtchnPort;
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
        Dom d = doms.get(domid);
        return d == null ? 0 : d.controllerPauseCount;
    }

    @Override
    public long sharedInfoMfn(int domid) {
        Dom d = doms.get(domid);
        return d == null ? -1 : d.sharedInfoMfn;
    }
}
