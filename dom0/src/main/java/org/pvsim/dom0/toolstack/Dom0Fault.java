package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;
import org.pvsim.dom0.backend.XenbusBackendBus;
import org.pvsim.dom0.backend.blkback.Blkback;
import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * A fault a scenario injects in dom0 at a virtual time (its {@code actions:} entries with {@code fault:}), run by
 * dom0's toolstack in the same queue as the xl commands, so that it happens at a well-defined point of dom0's steps
 * and a run stays deterministic. Not an xl command: real hosts get these from crashes and failing hardware.
 */
public sealed interface Dom0Fault extends XlCommand {
    /**
     * Injects the fault, acting as dom0's {@code cpu}; reports what happened on {@code con}.
     *
     * @return 0, or 1 if there was nothing to act on
     */
    int inject(Kernel kernel, GuestCpu cpu, Toolstack toolstack, XlConsole con);

    /**
     * Reads a fault line: {@code kill-backend TYPE}, {@code restart-backend TYPE} ({@code TYPE} is {@code vbd} or
     * {@code vif}), {@code disk-error DOMAIN VDEV COUNT}.
     *
     * @throws IllegalArgumentException naming what is wrong, for a line that is no fault
     */
    static Dom0Fault parse(String line) {
        String[] w = line.strip().split("\\s+");
        String usage = "a fault is `kill-backend vbd|vif', `restart-backend vbd|vif' or `disk-error DOMAIN VDEV COUNT'";
        if (w[0].equals("disk-error")) {
            if (w.length != 4 || !w[3].matches("[0-9]{1,6}") || Integer.parseInt(w[3]) == 0) {
                throw new IllegalArgumentException("disk-error takes a domain, a vdev (xvda) and a count from 1 to"
                        + " 999999, not `" + line.strip() + "'");
            }
            if (LibxlDevices.vdevToDevid(w[2]) < 0) {
                throw new IllegalArgumentException("disk-error: `" + w[2] + "' is not a virtual disk name (xvda)");
            }
            return new DiskError(w[1], w[2], Integer.parseInt(w[3]));
        }
        if (w.length != 2 || !w[0].equals("kill-backend") && !w[0].equals("restart-backend")) {
            throw new IllegalArgumentException(usage + ", not `" + line.strip() + "'");
        }
        if (!w[1].equals("vbd") && !w[1].equals("vif")) {
            throw new IllegalArgumentException("unknown backend type `" + w[1] + "' (vbd or vif)");
        }
        return w[0].equals("kill-backend") ? new KillBackend(w[1]) : new RestartBackend(w[1]);
    }

    /**
     * {@code kill-backend TYPE}: dom0's backend for {@code TYPE} dies ({@link XenbusBackendBus#stopDriver}): each of
     * its devices is closed (its frontend sees {@code Closing}, then {@code Closed}) and nothing is served until
     * {@link RestartBackend}.
     *
     * @param type {@code vbd} or {@code vif}
     */
    record KillBackend(String type) implements Dom0Fault {
        public KillBackend {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String name() {
            return "kill-backend";
        }

        @Override
        public List<String> argv() {
            return List.of(name(), type);
        }

        @Override
        public int inject(Kernel kernel, GuestCpu cpu, Toolstack toolstack, XlConsole con) {
            XenbusBackendBus bus = toolstack.backends();
            if (bus == null || bus.driver(type) == null) {
                con.eprintf("kill-backend: no %s backend runs in dom0\n", type);
                return 1;
            }
            int n = bus.stopDriver(cpu, type);
            con.printf("%s backend killed: %d device%s closed\n", type, n, n == 1 ? "" : "s");
            return 0;
        }
    }

    /**
     * {@code disk-error DOMAIN VDEV COUNT}: the disk behind {@code DOMAIN}'s {@code VDEV} fails its next {@code COUNT}
     * reads or writes; each reaches the guest as {@code BLKIF_RSP_ERROR}.
     *
     * @param domain the domain, by name or id
     * @param vdev the virtual disk ({@code xvda})
     * @param count requests to fail
     */
    record DiskError(String domain, String vdev, int count) implements Dom0Fault {
        public DiskError {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(vdev, "vdev");
        }

        @Override
        public String name() {
            return "disk-error";
        }

        @Override
        public List<String> argv() {
            return List.of(name(), domain, vdev, Integer.toString(count));
        }

        @Override
        public int inject(Kernel kernel, GuestCpu cpu, Toolstack toolstack, XlConsole con) {
            XenbusBackendBus bus = toolstack.backends();
            int domid = toolstack.domidOf(domain);
            if (bus == null
                    || domid < 0
                    || !(bus.driver("vbd") instanceof Blkback blkback)
                    || !blkback.failNext(cpu, domid, LibxlDevices.vdevToDevid(vdev), count)) {
                con.eprintf("disk-error: %s has no disk %s served by blkback\n", domain, vdev);
                return 1;
            }
            con.printf("the disk of %s %s fails its next %d requests\n", domain, vdev, count);
            return 0;
        }
    }

    /**
     * {@code restart-backend TYPE}: the backend killed by {@link KillBackend} is back ({@link
     * XenbusBackendBus#startDriver}) and probes every device again; the frontends reconnect.
     *
     * @param type {@code vbd} or {@code vif}
     */
    record RestartBackend(String type) implements Dom0Fault {
        public RestartBackend {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String name() {
            return "restart-backend";
        }

        @Override
        public List<String> argv() {
            return List.of(name(), type);
        }

        @Override
        public int inject(Kernel kernel, GuestCpu cpu, Toolstack toolstack, XlConsole con) {
            XenbusBackendBus bus = toolstack.backends();
            if (bus == null || !bus.isStopped(type)) {
                con.eprintf("restart-backend: the %s backend is not stopped\n", type);
                return 1;
            }
            int n = bus.startDriver(cpu, type);
            con.printf("%s backend restarted: %d device%s probed\n", type, n, n == 1 ? "" : "s");
            return 0;
        }
    }
}
