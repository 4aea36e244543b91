package org.pvsim.hypervisor.machine;

import java.util.Arrays;

/**
 * A set of physical CPUs ({@code cpumask_t}), as a bitmap. Used for hard and soft affinity and by the schedulers.
 * Mutable; {@link #copyOf} makes an independent copy. Bits at or above the host's pCPU count are never set by pvsim's
 * own code, but a mask may be built wider (from a guest's bitmap) and then {@link #and}-ed with the host's CPUs.
 */
public final class CpuMask {
    private long[] words;

    private CpuMask(int words) {
        this.words = new long[Math.max(1, words)];
    }

    /** An empty mask with room for {@code nrCpus} CPUs (it grows if more are set). */
    public static CpuMask none(int nrCpus) {
        return new CpuMask((nrCpus + 63) >>> 6);
    }

    /** CPUs {@code 0 .. nrCpus-1}. */
    public static CpuMask all(int nrCpus) {
        CpuMask m = none(nrCpus);
        for (int c = 0; c < nrCpus; c++) {
            m.set(c);
        }
        return m;
    }

    /** The given CPUs. */
    public static CpuMask of(int... cpus) {
        CpuMask m = none(64);
        for (int c : cpus) {
            m.set(c);
        }
        return m;
    }

    /** An independent copy of {@code other}. */
    public static CpuMask copyOf(CpuMask other) {
        CpuMask m = new CpuMask(other.words.length);
        System.arraycopy(other.words, 0, m.words, 0, other.words.length);
        return m;
    }

    /** Makes this mask equal to {@code other}. */
    public void copyFrom(CpuMask other) {
        if (words.length < other.words.length) {
            words = new long[other.words.length];
        }
        Arrays.fill(words, 0);
        System.arraycopy(other.words, 0, words, 0, other.words.length);
    }

    public boolean contains(int cpu) {
        int w = cpu >>> 6;
        return cpu >= 0 && w < words.length && (words[w] & (1L << cpu)) != 0;
    }

    public void set(int cpu) {
        if (cpu < 0) {
            throw new IllegalArgumentException("no CPU " + cpu);
        }
        int w = cpu >>> 6;
        if (w >= words.length) {
            words = Arrays.copyOf(words, w + 1);
        }
        words[w] |= 1L << cpu;
    }

    public void clear(int cpu) {
        int w = cpu >>> 6;
        if (cpu >= 0 && w < words.length) {
            words[w] &= ~(1L << cpu);
        }
    }

    /** Keeps only the CPUs also in {@code other} ({@code cpumask_and}). */
    public void and(CpuMask other) {
        for (int i = 0; i < words.length; i++) {
            words[i] &= i < other.words.length ? other.words[i] : 0;
        }
    }

    /** Whether the two masks share a CPU ({@code cpumask_intersects}). */
    public boolean intersects(CpuMask other) {
        int n = Math.min(words.length, other.words.length);
        for (int i = 0; i < n; i++) {
            if ((words[i] & other.words[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether every CPU of this mask is in {@code other} ({@code cpumask_subset}). */
    public boolean isSubsetOf(CpuMask other) {
        for (int i = 0; i < words.length; i++) {
            long o = i < other.words.length ? other.words[i] : 0;
            if ((words[i] & ~o) != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** The number of CPUs in the mask ({@code cpumask_weight}). */
    public int weight() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** The lowest CPU at or above {@code from}, or -1 ({@code cpumask_next}). */
    public int next(int from) {
        if (from < 0) {
            from = 0;
        }
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /** The lowest CPU in the mask, or -1. */
    public int first() {
        return next(0);
    }

    /** Whether this mask holds every CPU {@code 0 .. nrCpus-1}. */
    public boolean isAll(int nrCpus) {
        for (int c = 0; c < nrCpus; c++) {
            if (!contains(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CpuMask m)) {
            return false;
        }
        int n = Math.max(words.length, m.words.length);
        for (int i = 0; i < n; i++) {
            long a = i < words.length ? words[i] : 0;
            long b = i < m.words.length ? m.words[i] : 0;
            if (a != b) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int c = first(); c >= 0; c = next(c + 1)) {
            h = 31 * h + c;
        }
        return h;
    }

    /** The CPUs as xl prints them: ranges such as {@code 0-3,6}; {@code none} when empty. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        int c = first();
        while (c >= 0) {
            int end = c;
            while (contains(end + 1)) {
                end++;
            }
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(c);
            if (end > c) {
                s.append('-').append(end);
            }
            c = next(end + 1);
        }
        return s.toString();
    }
}
