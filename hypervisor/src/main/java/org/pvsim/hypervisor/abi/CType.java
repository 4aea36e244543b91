package org.pvsim.hypervisor.abi;

/**
 * A C type as the x86-64 System V ABI lays it out: its name as Xen's headers spell it, its size and its alignment.
 * Descriptors use these to declare the fields of a {@link StructLayout}; the size and alignment are what the layout
 * rules check offsets against.
 *
 * <p>On x86-64 {@code unsigned long}, {@code xen_ulong_t}, {@code xen_pfn_t} and every guest handle are 8 bytes,
 * and {@code uint64_aligned_t} is an 8-byte-aligned {@code uint64_t} ({@code arch-x86/xen.h}, {@code xen.h}).
 *
 * @param name the type as the header spells it, for example {@code "xen_pfn_t"} or {@code "char[32]"}
 * @param size {@code sizeof}, in bytes (0 for a flexible array member)
 * @param align {@code _Alignof}, a power of two
 */
public record CType(String name, int size, int align) {
    public static final CType CHAR = new CType("char", 1, 1);
    public static final CType INT8 = new CType("int8_t", 1, 1);
    public static final CType UINT8 = new CType("uint8_t", 1, 1);
    public static final CType INT16 = new CType("int16_t", 2, 2);
    public static final CType UINT16 = new CType("uint16_t", 2, 2);
    /** {@code domid_t} ({@code xen.h}): a 16-bit domain id. */
    public static final CType DOMID = new CType("domid_t", 2, 2);

    public static final CType INT = new CType("int", 4, 4);
    public static final CType UINT = new CType("unsigned int", 4, 4);
    public static final CType INT32 = new CType("int32_t", 4, 4);
    public static final CType UINT32 = new CType("uint32_t", 4, 4);
    public static final CType UINT64 = new CType("uint64_t", 8, 8);
    /** {@code uint64_aligned_t}: a {@code uint64_t} aligned to 8 even on 32-bit builds (domctl and sysctl). */
    public static final CType UINT64_ALIGNED = new CType("uint64_aligned_t", 8, 8);

    public static final CType ULONG = new CType("unsigned long", 8, 8);
    /** {@code xen_ulong_t} ({@code arch-x86/xen.h}): {@code unsigned long}. */
    public static final CType XEN_ULONG = new CType("xen_ulong_t", 8, 8);
    /** {@code xen_pfn_t} ({@code arch-x86/xen.h}): a frame number, {@code unsigned long}. */
    public static final CType XEN_PFN = new CType("xen_pfn_t", 8, 8);
    /** {@code xen_domain_handle_t} ({@code xen.h}): the 16-byte domain handle (a UUID). */
    public static final CType XEN_DOMAIN_HANDLE = new CType("xen_domain_handle_t", 16, 1);

    public CType {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a C type needs a name, got " + (name == null ? "null" : "\"\""));
        }
        if (size < 0) {
            throw new IllegalArgumentException("C type " + name + ": size must be >= 0, got " + size);
        }
        if (align <= 0 || Integer.bitCount(align) != 1) {
            throw new IllegalArgumentException("C type " + name + ": alignment must be a power of two, got " + align);
        }
    }

    /**
     * A guest handle field, {@code XEN_GUEST_HANDLE(target)}: on x86 a struct holding one pointer, so 8 bytes,
     * 8-aligned ({@code arch-x86/xen.h}).
     */
    public static CType guestHandle(String target) {
        return new CType("XEN_GUEST_HANDLE(" + target + ")", 8, 8);
    }

    /**
     * A 64-bit guest handle field, {@code XEN_GUEST_HANDLE_64(target)} (domctl and sysctl): the same 8 bytes as a
     * plain handle on x86-64.
     */
    public static CType guestHandle64(String target) {
        return new CType("XEN_GUEST_HANDLE_64(" + target + ")", 8, 8);
    }

    /** An array of {@code count} elements of this type (a count of 0 is a flexible array member). */
    public CType array(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("array of " + name + ": count must be >= 0, got " + count);
        }
        return new CType(
                name + "[" + (count == 0 ? "" : Integer.toString(count)) + "]", Math.multiplyExact(size, count), align);
    }
}
