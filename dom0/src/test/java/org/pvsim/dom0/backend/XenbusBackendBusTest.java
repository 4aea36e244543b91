package org.pvsim.dom0.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.dom0.xenstore.Xenstored;
import org.pvsim.dom0.xenstore.XenstoredHost;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsRingChannel;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XenbusState;

/** The backend bus against a real xenstored: probing, frontend changes, detach, a dying backend, hostile values. */
class XenbusBackendBusTest {
    private static final String BE = "/local/domain/0/backend/vbd/3/51712";
    private static final String FE = "/local/domain/3/device/vbd/51712";

    /** A driver that records what the bus told it and plays a minimal backend. */
    private static final class RecordingDriver implements BackendDriver {
        final List<String> calls = new ArrayList<>();

        @Override
        public String type() {
            return "vbd";
        }

        @Override
        public void probe(GuestCpu cpu, BackendDevice dev) {
            calls.add("probe " + dev.frontendId() + "/" + dev.devid());
            dev.write("sectors", "2048");
            dev.switchState(XenbusState.XenbusStateInitWait);
        }

        @Override
        public void frontendChanged(GuestCpu cpu, BackendDevice dev, XenbusState state) {
            calls.add("frontend " + state);
            if (state == XenbusState.XenbusStateInitialised) {
                dev.switchState(XenbusState.XenbusStateConnected);
            } else if (state == XenbusState.XenbusStateClosing) {
                dev.switchState(XenbusState.XenbusStateClosing);
            }
        }

        @Override
        public void remove(GuestCpu cpu, BackendDevice dev) {
            calls.add("remove");
        }
    }

    private final List<String> console = new ArrayList<>();
    private final RecordingDriver driver = new RecordingDriver();
    private XsSocket toolstack;
    private XsSocket frontend;
    private XenbusBackendBus bus;

    @BeforeEach
    void setUp() throws XsException {
        Xenstored xenstored = new Xenstored(new XenstoredHost() {
            @Override
            public XsRingChannel connect(int domid, long mfn, int port) {
                return null;
            }

            @Override
            public void disconnect(int domid) {}
        });
        toolstack = xenstored.openSocket();
        frontend = xenstored.openSocket();
        Kernel kernel = (Kernel) Proxy.newProxyInstance(
                Kernel.class.getClassLoader(), new Class<?>[] {Kernel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("printk")) {
                        console.add((String) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        bus = new XenbusBackendBus(kernel, xenstored.openSocket());
    }

    /** What libxl's device add writes, in one transaction. */
    private void addDevice() throws XsException {
        int tx = toolstack.transactionStart();
        toolstack.write(tx, FE + "/backend", BE);
        toolstack.write(tx, FE + "/backend-id", "0");
        toolstack.write(tx, FE + "/state", "1");
        toolstack.write(tx, BE + "/frontend", FE);
        toolstack.write(tx, BE + "/frontend-id", "3");
        toolstack.write(tx, BE + "/online", "1");
        toolstack.write(tx, BE + "/state", "1");
        toolstack.transactionEnd(tx, true);
    }

    private String read(String path) {
        try {
            return toolstack.read(XsSocket.XBT_NULL, path);
        } catch (XsException e) {
            return null;
        }
    }

    @Test
    void aDeviceThatExistsAtRegistrationIsProbedAndFollowsItsFrontend() throws XsException {
        addDevice();
        bus.register(driver);
        bus.pump(null);
        assertEquals(List.of("probe 3/51712", "frontend XenbusStateInitialising"), driver.calls);
        assertEquals("2", read(BE + "/state"));
        frontend.write(XsSocket.XBT_NULL, FE + "/state", "3");
        bus.pump(null);
        assertEquals("frontend XenbusStateInitialised", driver.calls.get(2));
        assertEquals("4", read(BE + "/state"));
        assertEquals(1, bus.devices("vbd").size());
    }

    @Test
    void aDeviceAddedLaterIsProbedOnce() throws XsException {
        bus.register(driver);
        bus.pump(null);
        assertTrue(driver.calls.isEmpty());
        addDevice();
        bus.pump(null);
        bus.pump(null);
        assertEquals(1, driver.calls.stream().filter(c -> c.startsWith("probe")).count());
    }

    @Test
    void detachClosesTheBackendOnceTheFrontendIsClosedAndRemovesTheDevice() throws XsException {
        addDevice();
        bus.register(driver);
        frontend.write(XsSocket.XBT_NULL, FE + "/state", "3");
        bus.pump(null);
        // libxl__initiate_device_generic_remove
        toolstack.write(XsSocket.XBT_NULL, BE + "/online", "0");
        toolstack.write(XsSocket.XBT_NULL, BE + "/state", "5");
        bus.pump(null);
        assertTrue(bus.device(BE) != null, "the frontend has not closed yet");
        frontend.write(XsSocket.XBT_NULL, FE + "/state", "6");
        bus.pump(null);
        assertNull(bus.device(BE));
        assertEquals("remove", driver.calls.get(driver.calls.size() - 1));
        assertEquals("6", read(BE + "/state"), "libxl waits for Closed");
    }

    @Test
    void aRemovedNodeRemovesItsDevice() throws XsException {
        addDevice();
        bus.register(driver);
        bus.pump(null);
        toolstack.rm(XsSocket.XBT_NULL, BE);
        bus.pump(null);
        assertNull(bus.device(BE));
        assertEquals("remove", driver.calls.get(driver.calls.size() - 1));
    }

    @Test
    void aStoppedBackendClosesItsDevicesAndProbesThemAgainWhenStarted() throws XsException {
        addDevice();
        bus.register(driver);
        frontend.write(XsSocket.XBT_NULL, FE + "/state", "3");
        bus.pump(null);
        assertEquals(1, bus.stopDriver(null, "vbd"));
        assertEquals("6", read(BE + "/state"));
        assertTrue(bus.devices("vbd").isEmpty());
        assertTrue(bus.isStopped("vbd"));
        frontend.write(XsSocket.XBT_NULL, FE + "/state", "6"); // the frontend closes meanwhile
        bus.pump(null);
        assertEquals(0, bus.stopDriver(null, "vbd"), "stopped already");
        driver.calls.clear();
        assertEquals(1, bus.startDriver(null, "vbd"));
        assertEquals("probe 3/51712", driver.calls.get(0));
        assertEquals("2", read(BE + "/state"), "InitWait again: the frontend reconnects");
        assertEquals(
                List.of("xenbus: vbd backend stopped (1 device)", "xenbus: vbd backend started (1 device)"), console);
    }

    @Test
    void hostileFrontendValuesAndStrayNodesDoNotThrow() throws XsException {
        addDevice();
        bus.register(driver);
        bus.pump(null);
        frontend.write(XsSocket.XBT_NULL, FE + "/state", "not a state");
        bus.pump(null);
        assertEquals("frontend XenbusStateUnknown", driver.calls.get(driver.calls.size() - 1));
        toolstack.write(XsSocket.XBT_NULL, "/local/domain/0/backend/vbd/x/y/state", "1");
        toolstack.write(XsSocket.XBT_NULL, "/local/domain/0/backend/vbd/4/1/state", "1"); // no frontend node
        bus.pump(null);
        assertEquals(1, bus.devices("vbd").size());
    }
}
