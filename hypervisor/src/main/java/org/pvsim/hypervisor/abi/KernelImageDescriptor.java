package org.pvsim.hypervisor.abi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header pvsim writes at the start of a guest's kernel image page (pvsim's own format, not Xen's). A simulated
 * guest has no machine code: its kernel is Java code ({@link GuestKernel}), and this header names which one, so the
 * host can tell what to run for the image a domain was built from.
 *
 * <pre>
 *   offset  size
 *        0     8  magic: the ASCII bytes "PVSIMKRN"
 *        8    56  name: printable ASCII, 1 to 55 bytes, then NUL bytes to the end of the field
 *   SIZE = 64
 * </pre>
 */
public final class KernelImageDescriptor {
    /** The magic, as 8 ASCII bytes at {@link #MAGIC_OFFSET}. */
    public static final String MAGIC = "PVSIMKRN";
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Length of the magic in bytes. */
    public static final int MAGIC_LEN = 8;
    /** Offset of the NUL-padded kernel name. */
    public static final int NAME_OFFSET = 8;
    /** Length of the name field: the longest name plus its terminating NUL. */
    public static final int NAME_FIELD_LEN = 56;
    /** The longest kernel name, in bytes. */
    public static final int NAME_MAX_LEN = NAME_FIELD_LEN - 1;
    /** Size of the header. */
    public static final int SIZE = 64;

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);

    public static final StructLayout LAYOUT = StructLayout.builder("pvsim_kernel_image")
            .field("magic", MAGIC_OFFSET, CType.CHAR.array(MAGIC_LEN))
            .field("name", NAME_OFFSET, CType.CHAR.array(NAME_FIELD_LEN))
            .build(SIZE);

    private KernelImageDescriptor() {}

    /**
     * The 64-byte header for the kernel called {@code name}.
     *
     * @throws IllegalArgumentException if {@code name} is null or empty, longer than {@link #NAME_MAX_LEN} bytes, or
     *     has a character outside printable ASCII (0x20-0x7E); the message names the rule and the bad value
     */
    public static byte[] encode(String name) {
        checkName(name);
        byte[] header = new byte[SIZE];
        System.arraycopy(MAGIC_BYTES, 0, header, MAGIC_OFFSET, MAGIC_LEN);
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, NAME_OFFSET, bytes.length);
        return header;
    }

    /**
     * The kernel name in the header at {@code page[off..off+64)}, or {@code null} if the magic is absent or the name
     * field is malformed (empty, no NUL within the field, a byte outside printable ASCII before the NUL, or a
     * non-NUL byte after it).
     *
     * @throws IllegalArgumentException if {@code page} does not hold 64 bytes from {@code off}
     */
    public static String decode(byte[] page, int off) {
        if (page == null) {
            throw new IllegalArgumentException("kernel image header: page must not be null");
        }
        if (off < 0 || off > page.length - SIZE) {
            throw new IllegalArgumentException(String.format(
                    "kernel image header needs %d bytes from offset %d, but the page holds %d bytes",
                    SIZE, off, page.length));
        }
        if (!Arrays.equals(page, off + MAGIC_OFFSET, off + MAGIC_OFFSET + MAGIC_LEN, MAGIC_BYTES, 0, MAGIC_LEN)) {
            return null;
        }
        int start = off + NAME_OFFSET;
        int len = 0;
        while (len < NAME_FIELD_LEN && page[start + len] != 0) {
            if (!isPrintableAscii(page[start + len])) {
                return null;
            }
            len++;
        }
        if (len == 0 || len == NAME_FIELD_LEN) {
            return null;
        }
        for (int i = len; i < NAME_FIELD_LEN; i++) {
            if (page[start + i] != 0) {
                return null;
            }
        }
        return new String(page, start, len, StandardCharsets.US_ASCII);
    }

    /** Whether {@code name} can be encoded: 1 to 55 characters of printable ASCII. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > NAME_MAX_LEN) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isPrintableAscii(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(
                    "kernel image name must not be empty, got " + (name == null ? "null" : "\"\""));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isPrintableAscii(c)) {
                throw new IllegalArgumentException(String.format(
                        "kernel image name must be printable ASCII (0x20-0x7E), got U+%04X at index %d in \"%s\"",
                        (int) c, i, name));
            }
        }
        if (name.length() > NAME_MAX_LEN) {
            throw new IllegalArgumentException(String.format(
                    "kernel image name must be at most %d bytes, got %d: \"%s\"", NAME_MAX_LEN, name.length(), name));
        }
    }

    private static boolean isPrintableAscii(int c) {
        return c >= 0x20 && c <= 0x7E;
    }
}
