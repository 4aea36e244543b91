package org.pvsim.dom0.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.pvsim.guest.api.Kernel;

/**
 * Opens what a disk's {@code params} (xl.cfg's {@code target}) names: {@code mem:SIZE} an empty in-memory image
 * ({@code mem:64M}, {@code mem:1G}; units K, M, G, bytes without one); {@code /dev/...} the machine's disk, served
 * through dom0's driver for the disk controller ({@link #attach}); anything else an image file, relative to the
 * scenario's folder, read once when the disk is opened (writes stay in memory and are never written back, so runs
 * stay reproducible). The machine has one disk: every {@code /dev/} path names all of it.
 *
 * <p>A disk outlives its backend: once opened, a store is kept for the rest of the run, so a backend that dies and
 * comes back ({@code kill-backend}), or a disk detached and attached again, finds the same data. A {@code mem:} image
 * belongs to one device (its backend node); a file or {@code /dev/} target is the same store for every device that
 * names it, as one volume would be.
 */
public final class BlockStores {
    /** The size of a {@code /dev/...} disk in a host without a machine disk ({@link #attach} not given one): 1 GiB. */
    public static final long DEV_BYTES = 1L << 30;

    private Kernel kernel;
    private BlockStore machineDisk;
    private final Path baseDir;
    private final Map<String, BlockStore> open = new TreeMap<>();

    /**
     * Stores in dom0's {@code kernel} (null until {@link #attach}); files relative to {@code baseDir} (null: the
     * working directory).
     */
    public BlockStores(Kernel kernel, Path baseDir) {
        this.kernel = kernel;
        this.baseDir = baseDir;
    }

    /** Binds the stores to dom0's {@code kernel} once it runs; {@link #put} works before. */
    public void attach(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Binds the stores to dom0's {@code kernel}, with {@code machineDisk} (dom0's driver for the machine's disk) for
     * {@code /dev/...} targets.
     */
    public void attach(Kernel kernel, BlockStore machineDisk) {
        this.kernel = kernel;
        this.machineDisk = machineDisk;
    }

    /**
     * Makes {@code target} name {@code store} for every device (tests, and disks set up before the run).
     *
     * @return {@code this}
     */
    public BlockStores put(String target, BlockStore store) {
        open.put(target, store);
        return this;
    }

    /**
     * The store the device at backend node {@code nodename} serves for {@code target}: the one already open for it,
     * or a new one.
     *
     * @throws IllegalArgumentException with a message for the user, for a target that names nothing usable
     */
    public BlockStore open(String nodename, String target, boolean readOnly) {
        BlockStore shared = open.get(target);
        if (shared != null) {
            return shared;
        }
        String key = target.startsWith("mem:") ? nodename + "|" + target : target;
        BlockStore s = open.get(key);
        if (s == null) {
            s = create(target, readOnly);
            open.put(key, s);
        }
        return s;
    }

    private BlockStore create(String target, boolean readOnly) {
        if (target.startsWith("mem:")) {
            return new MemoryImageStore(kernel, size(target.substring(4), target), readOnly);
        }
        if (target.startsWith("/dev/")) {
            return machineDisk != null ? machineDisk : new MemoryImageStore(kernel, DEV_BYTES, readOnly);
        }
        Path file = baseDir == null ? Path.of(target) : baseDir.resolve(target);
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read disk image " + file + ": " + e.getMessage());
        }
        long bytes = Math.max(512, (data.length + 511L) / 512 * 512);
        return new MemoryImageStore(kernel, bytes, readOnly).withContents(data);
    }

    private static long size(String text, String target) {
        long unit = 1;
        String digits = text;
        if (!text.isEmpty()) {
            switch (Character.toUpperCase(text.charAt(text.length() - 1))) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                default -> unit = 1;
            }
            if (unit != 1) {
                digits = text.substring(0, text.length() - 1);
            }
        }
        try {
            long n = Long.parseLong(digits);
            if (n <= 0 || n > MemoryImageStore.MAX_BYTES / unit || n * unit % 512 != 0) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("disk target " + target
                    + ": the size must be a positive multiple of 512 bytes up to 16G (mem:64M, mem:1G)");
        }
    }
}
