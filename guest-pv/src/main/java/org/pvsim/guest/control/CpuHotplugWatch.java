package org.pvsim.guest.control;

import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.guest.xenstore.XsReply;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * vCPU hotplug, Linux's {@code drivers/xen/cpu_hotplug.c}: the toolstack writes {@code cpu/<K>/availability} =
 * {@code online} or {@code offline} ({@code xl vcpu-set}); a watch on {@code cpu} reads the node of the vCPU the event
 * names ({@code handle_vcpu_hotplug_event}, {@code vcpu_online}) and brings it up ({@code VCPUOP_up}, after {@code
 * VCPUOP_initialise} if the kernel never started it) or down ({@code VCPUOP_down}). At setup ({@code
 * setup_cpu_watcher}) every vCPU whose node says {@code offline} is taken down.
 *
 * <p>vCPU 0 is not hotpluggable, as CPU 0 on x86 Linux ({@code cpu_is_hotpluggable} is false): an {@code offline}
 * for it is ignored, with a console line (Linux is silent), so the domain keeps at least one vCPU. An unknown state is
 * {@code "unknown state(<s>) on CPU<K>"}, as Linux; an id the domain does not have is ignored.
 */
public final class CpuHotplugWatch {
    /** The watched directory, relative to the domain's home. */
    public static final String DIR = "cpu";
    /** The watch's token. */
    public static final String TOKEN = "cpu-hotplug";

    private final ControlKernel kernel;
    private long ups;
    private long downs;

    /** The watch of {@code kernel}. */
    public CpuHotplugWatch(ControlKernel kernel) {
        this.kernel = kernel;
    }

    /** Registers the watch; then takes down every vCPU whose availability is {@code offline}. */
    public void start(GuestCpu cpu, XenstoreClient xs) {
        xs.bind(cpu).watch(DIR, TOKEN, (c, path, token) -> fired(c, xs, path), (c, reply) -> {
            if (reply.isError()) {
                kernel.kernel().printk(c, "Failed to set cpu watcher (" + reply.errno() + ")");
            }
        });
        for (int k = 0; k < kernel.kernel().vcpusAvailable(); k++) {
            int vcpu = k;
            xs.read(XenstoreClient.XBT_NIL, availability(k), (c, reply) -> {
                if (state(c, vcpu, reply) == 0) {
                    hotplug(c, vcpu, false);
                }
            });
        }
    }

    /** vCPUs brought up by the watch so far. */
    public long ups() {
        return ups;
    }

    /** vCPUs taken down by the watch so far. */
    public long downs() {
        return downs;
    }

    private void fired(GuestCpu cpu, XenstoreClient xs, String path) {
        int at = path.indexOf(DIR + "/");
        if (at < 0) {
            return;
        }
        int vcpu = parseId(path, at + DIR.length() + 1);
        if (vcpu < 0 || vcpu >= kernel.kernel().vcpusAvailable()) {
            return;
        }
        xs.bind(cpu).read(XenstoreClient.XBT_NIL, availability(vcpu), (c, reply) -> {
            int s = state(c, vcpu, reply);
            if (s >= 0) {
                hotplug(c, vcpu, s == 1);
            }
        });
    }

    /** {@code vcpu_online}: 1 online, 0 offline, -1 unreadable or unknown. */
    private int state(GuestCpu cpu, int vcpu, XsReply reply) {
        if (reply.isError()) {
            return -1;
        }
        String s = reply.value();
        if (s.equals("online")) {
            return 1;
        }
        if (s.equals("offline")) {
            return 0;
        }
        kernel.kernel().printk(cpu, "unknown state(" + s.substring(0, Math.min(15, s.length())) + ") on CPU" + vcpu);
        return -1;
    }

    private void hotplug(GuestCpu cpu, int vcpu, boolean online) {
        if (online == kernel.isVcpuOnline(vcpu)) {
            return;
        }
        if (!online && vcpu == 0) {
            kernel.kernel().printk(cpu, "CPU0 is not hotpluggable: it stays online");
            return;
        }
        int rc = online ? kernel.vcpuUp(cpu, vcpu) : kernel.vcpuDown(cpu, vcpu);
        if (rc < 0) {
            kernel.kernel()
                    .printk(
                            cpu,
                            "CPU" + vcpu + ": " + (online ? "bringing up" : "taking down") + " failed: "
                                    + Errno.describe(rc));
            return;
        }
        if (online) {
            ups++;
            kernel.kernel().printk(cpu, "smpboot: Booting Node 0 Processor " + vcpu);
        } else {
            downs++;
            kernel.kernel().printk(cpu, "smpboot: CPU " + vcpu + " is now offline");
        }
    }

    private static String availability(int vcpu) {
        return DIR + "/" + vcpu + "/availability";
    }

    /** The decimal id starting at {@code from} of {@code path}, up to the next {@code /} or the end; -1 if none. */
    private static int parseId(String path, int from) {
        int id = 0;
        int i = from;
        for (; i < path.length() && path.charAt(i) != '/'; i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9' || i - from >= 5) {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return i == from ? -1 : id;
    }
}
