package org.pvsim.dom0.toolstack;

import java.util.Objects;

/**
 * What the toolstack needs to create one PV domain: its xl.cfg settings turned into the values libxl passes to Xen.
 *
 * @param name the domain's name (kept by the toolstack, as libxl keeps it in xenstore)
 * @param handle the 16-byte domain handle (UUID)
 * @param memoryKib initial memory ({@code memory}), which becomes the domain's pages
 * @param maxVcpus vCPUs the domain has ({@code maxvcpus})
 * @param onlineVcpus vCPUs its kernel brings online ({@code vcpus})
 * @param kernel the kernel image's name ({@code kernel})
 * @param cmdline the kernel command line: the workload and its arguments, then {@code cmdline}/{@code extra}
 * @param maxEvtchnPort {@code max_event_channels}
 * @param maxGrantFrames {@code max_grant_frames}
 * @param maxMaptrackFrames {@code max_maptrack_frames}
 * @param maxGrantVersion {@code max_grant_version}
 */
public record DomainBuildSpec(
        String name,
        byte[] handle,
        long memoryKib,
        int maxVcpus,
        int onlineVcpus,
        String kernel,
        String cmdline,
        int maxEvtchnPort,
        int maxGrantFrames,
        int maxMaptrackFrames,
        int maxGrantVersion) {
    public DomainBuildSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(cmdline, "cmdline");
        if (handle.length != 16) {
            throw new IllegalArgumentException("a domain handle is 16 bytes, not " + handle.length);
        }
        handle = handle.clone();
    }

    @Override
    public byte[] handle() {
        return handle.clone();
    }

    /** The domain's pages: {@code memoryKib / 4}. */
    public int pages() {
        return (int) (memoryKib / 4);
    }
}
