package org.pvsim.hypervisor.machine;

/**
 * How the host's physical CPUs are arranged: {@code sockets} sockets of {@code coresPerSocket} cores of {@code
 * threadsPerCore} hyperthreads, numbered the way Xen's {@code cpu_to_socket}/{@code cpu_to_core} see a typical x86 box:
 * consecutive pCPUs are the threads of one core, consecutive cores fill one socket. Credit2 groups its runqueues by it.
 *
 * <p>Invariant: every count is at least 1, and {@code nrPcpus() == sockets * coresPerSocket * threadsPerCore}.
 */
public record CpuTopology(int sockets, int coresPerSocket, int threadsPerCore) {
    public CpuTopology {
        if (sockets < 1 || coresPerSocket < 1 || threadsPerCore < 1) {
            throw new IllegalArgumentException("a CPU topology needs at least one socket, core and thread, not "
                    + sockets + " x " + coresPerSocket + " x " + threadsPerCore);
        }
    }

    /**
     * The topology of {@code nrPcpus} pCPUs in {@code sockets} sockets with {@code threadsPerCore} threads per core.
     *
     * @throws IllegalArgumentException if the pCPUs do not divide evenly
     */
    public static CpuTopology of(int nrPcpus, int sockets, int threadsPerCore) {
        if (sockets < 1 || threadsPerCore < 1 || nrPcpus % (sockets * threadsPerCore) != 0) {
            throw new IllegalArgumentException(nrPcpus + " pCPUs cannot be split evenly into " + sockets
                    + " socket(s) of cores with " + threadsPerCore + " thread(s) each");
        }
        return new CpuTopology(sockets, nrPcpus / (sockets * threadsPerCore), threadsPerCore);
    }

    /** All the pCPUs. */
    public int nrPcpus() {
        return sockets * coresPerSocket * threadsPerCore;
    }

    /** The socket {@code cpu} is in ({@code cpu_to_socket}). */
    public int socketOf(int cpu) {
        return cpu / (coresPerSocket * threadsPerCore);
    }

    /** The host-wide number of the core {@code cpu} is a thread of ({@code cpu_to_core} made unique per host). */
    public int coreOf(int cpu) {
        return cpu / threadsPerCore;
    }
}
