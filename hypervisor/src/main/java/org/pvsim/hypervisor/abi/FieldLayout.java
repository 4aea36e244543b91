package org.pvsim.hypervisor.abi;

/**
 * One member of a C structure as a {@link StructLayout} lists it: where it starts, how many bytes it takes, and how
 * it must be aligned.
 *
 * <p>Members of nested structures are flattened into the outer structure under a dotted path, as C code names them
 * ({@code arch.cr2} in {@code struct vcpu_info}, {@code user_regs.rip} in {@code struct vcpu_guest_context}). A member
 * of a C union names that union in {@link #union()}; its path is then {@code <union>.<variant>[.<member>]}, and
 * only members of different variants of the same union may share bytes.
 *
 * @param name the member's path, for example {@code "nr_extents"} or {@code "console.domU.mfn"}
 * @param offset the byte offset from the start of the structure
 * @param size the member's size in bytes; 0 for a flexible array member
 * @param align the member's natural alignment, a power of two (for an array: its element's)
 * @param type the member's C type as the header spells it, for dumps
 * @param union the path of the union the member belongs to, or {@code null} if it is in no union
 */
public record FieldLayout(String name, int offset, int size, int align, String type, String union) {

    public FieldLayout {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a field needs a name, got " + (name == null ? "null" : "\"\""));
        }
        if (offset < 0) {
            throw new IllegalArgumentException("field " + name + ": offset must be >= 0, got " + offset);
        }
        if (size < 0) {
            throw new IllegalArgumentException("field " + name + ": size must be >= 0, got " + size);
        }
        if (align <= 0 || Integer.bitCount(align) != 1) {
            throw new IllegalArgumentException("field " + name + ": alignment must be a power of two, got " + align);
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("field " + name + ": needs a C type name");
        }
        if (union != null && union.isBlank()) {
            throw new IllegalArgumentException("field " + name + ": a union name must not be blank (use null)");
        }
    }

    /** A field that is not part of any union. */
    public static FieldLayout of(String name, int offset, CType type) {
        return new FieldLayout(name, offset, type.size(), type.align(), type.name(), null);
    }

    /** One past the field's last byte. */
    public int end() {
        return offset + size;
    }

    /** Whether the field is a member of a C union. */
    public boolean inUnion() {
        return union != null;
    }

    /**
     * The union variant this field belongs to: the path segment right after the union's name ({@code domU} for
     * {@code console.domU.mfn}), or {@code null} when the field is in no union or is not named under its union.
     */
    public String variant() {
        if (union == null || !name.startsWith(union + ".")) {
            return null;
        }
        String rest = name.substring(union.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Whether this field and {@code other} share at least one byte. */
    public boolean overlaps(FieldLayout other) {
        return offset < other.end() && other.offset < end();
    }

    /** This field moved by {@code delta} bytes and renamed under {@code prefix}, for embedding a nested struct. */
    FieldLayout embeddedAt(String prefix, int delta) {
        return new FieldLayout(
                prefix + "." + name, offset + delta, size, align, type, union == null ? null : prefix + "." + union);
    }
}
