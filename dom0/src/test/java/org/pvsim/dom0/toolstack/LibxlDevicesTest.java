package org.pvsim.dom0.toolstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.dom0.xenstore.Xenstored;
import org.pvsim.dom0.xenstore.XenstoredHost;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsRingChannel;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.dom0.xlcfg.DiskSpec;
import org.pvsim.dom0.xlcfg.VifSpec;

/** libxl's device nodes: device ids from vdevs, generated MACs, and the frontend/backend directories. */
class LibxlDevicesTest {
    private final XsSocket xs = new Xenstored(new XenstoredHost() {
                @Override
                public XsRingChannel connect(int domid, long mfn, int port) {
                    return null;
                }

                @Override
                public void disconnect(int domid) {}
            })
            .openSocket();

    @Test
    void vdevsAreNumberedAsXenVbdInterfaceSays() {
        assertEquals(51712, LibxlDevices.vdevToDevid("xvda"));
        assertEquals(51713, LibxlDevices.vdevToDevid("xvda1"));
        assertEquals(51728, LibxlDevices.vdevToDevid("xvdb"));
        assertEquals(1 << 28 | 26 << 8, LibxlDevices.vdevToDevid("xvdaa"));
        assertEquals(2048, LibxlDevices.vdevToDevid("sda"));
        assertEquals(768, LibxlDevices.vdevToDevid("hda"));
        assertEquals(5632, LibxlDevices.vdevToDevid("hdc"));
        assertEquals(1 << 28 | 3 << 8 | 2, LibxlDevices.vdevToDevid("d3p2"));
        assertEquals(-1, LibxlDevices.vdevToDevid("floppy"));
        assertEquals(-1, LibxlDevices.vdevToDevid("xvd"));
    }

    @Test
    void generatedMacsAreInXensOuiDeterministicAndDifferPerDevice() {
        byte[] handle = new byte[16];
        handle[13] = (byte) 0xF1;
        handle[14] = 0x22;
        handle[15] = 0x33;
        String mac0 = LibxlDevices.generatedMac(handle, 0);
        assertEquals("00:16:3e:71:22:33", mac0, "top bit of the fourth byte clear");
        assertEquals(mac0, LibxlDevices.generatedMac(handle, 0));
        assertTrue(!mac0.equals(LibxlDevices.generatedMac(handle, 1)));
    }

    @Test
    void aVifGetsLibxlsFrontendAndBackendNodes() throws Exception {
        LibxlDevices.addNic(xs, 3, 0, VifSpec.parse("bridge=xenbr1"), "00:16:3e:01:02:03");
        String fe = "/local/domain/3/device/vif/0";
        String be = "/local/domain/0/backend/vif/3/0";
        assertEquals(be, xs.read(0, fe + "/backend"));
        assertEquals("0", xs.read(0, fe + "/backend-id"));
        assertEquals("1", xs.read(0, fe + "/state"));
        assertEquals("00:16:3e:01:02:03", xs.read(0, fe + "/mac"));
        assertEquals("0", xs.read(0, fe + "/handle"));
        assertEquals(fe, xs.read(0, be + "/frontend"));
        assertEquals("3", xs.read(0, be + "/frontend-id"));
        assertEquals("1", xs.read(0, be + "/online"));
        assertEquals("1", xs.read(0, be + "/state"));
        assertEquals("xenbr1", xs.read(0, be + "/bridge"));
        assertEquals("vif", xs.read(0, be + "/type"));
        assertEquals("/etc/xen/scripts/vif-bridge", xs.read(0, be + "/script"));
        assertEquals("3n,0r", perms(fe));
        assertEquals("0n,3r", perms(be));
        assertThrows(ToolstackException.class, () -> LibxlDevices.addNic(xs, 3, 0, VifSpec.parse(""), "x"));
        assertEquals(List.of(0), LibxlDevices.devids(xs, 3, "vif"));
    }

    @Test
    void aDiskGetsLibxlsNodesAndAnUnknownVdevIsRefused() throws Exception {
        int devid = LibxlDevices.addDisk(xs, 4, DiskSpec.parse("mem:64M,raw,xvdb,ro"));
        assertEquals(51728, devid);
        String be = "/local/domain/0/backend/vbd/4/51728";
        assertEquals("mem:64M", xs.read(0, be + "/params"));
        assertEquals("r", xs.read(0, be + "/mode"));
        assertEquals("phy", xs.read(0, be + "/type"));
        assertEquals("xvdb", xs.read(0, be + "/dev"));
        assertEquals("disk", xs.read(0, be + "/device-type"));
        assertEquals("51728", xs.read(0, "/local/domain/4/device/vbd/51728/virtual-device"));
        LibxlDevices.initiateRemove(xs, 4, "vbd", 51728);
        assertEquals("0", xs.read(0, be + "/online"));
        assertEquals("5", xs.read(0, be + "/state"));
        LibxlDevices.destroyNodes(xs, 4, "vbd", 51728);
        assertThrows(XsException.class, () -> xs.read(0, be));
        assertTrue(LibxlDevices.devids(xs, 4, "vbd").isEmpty());
    }

    private String perms(String path) throws XsException {
        StringBuilder b = new StringBuilder();
        for (var p : xs.getPerms(0, path)) {
            b.append(b.length() == 0 ? "" : ",").append(p.domid()).append(p.perm());
        }
        return b.toString();
    }
}
