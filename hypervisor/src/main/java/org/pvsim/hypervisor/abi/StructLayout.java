package org.pvsim.hypervisor.abi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The byte layout of one C structure of Xen's ABI, as a Descriptor class declares it in its {@code LAYOUT}: the
 * structure's name, its {@code sizeof}, and its members in declaration order. It is a description to check and to
 * print; code that reads or writes guest memory uses the Descriptor's {@code *_OFFSET} constants, not this.
 *
 * <p>{@link #violations()} checks the layout against the rules a C compiler follows for x86-64 natural alignment,
 * so a wrong offset in a Descriptor shows up as a named rule with the bad value:
 *
 * <ul>
 *   <li><b>bounds</b>: every field lies inside {@link #size()};
 *   <li><b>alignment</b>: every field's offset is a multiple of its natural alignment;
 *   <li><b>overlap</b>: fields share bytes only if they are different variants of the same union;
 *   <li><b>union</b>: a union member is named under its union, and every variant starts at the union's offset;
 *   <li><b>hole</b>: a gap before a field (or a union) is only the padding its alignment requires;
 *   <li><b>size</b>: {@link #size()} is a multiple of the structure's alignment, with no more tail padding than
 *       that needs.
 * </ul>
 *
 * @param name Xen's tag of the structure, without {@code struct} (for example {@code "mmuext_op"})
 * @param size {@code sizeof(struct name)} on x86-64
 * @param fields the members, in declaration order; nested members flattened under dotted paths
 */
public record StructLayout(String name, int size, List<FieldLayout> fields) {

    public StructLayout {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a struct layout needs a name, got " + (name == null ? "null" : "\"\""));
        }
        if (size <= 0) {
            throw new IllegalArgumentException(name + ": SIZE must be > 0, got " + size);
        }
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(name + ": a struct layout needs at least one field");
        }
    }

    /** Starts a layout of the structure Xen calls {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The structure's alignment: the largest alignment of its members. */
    public int align() {
        int a = 1;
        for (FieldLayout f : fields) {
            a = Math.max(a, f.align());
        }
        return a;
    }

    /** This structure as a member type of another: {@code struct <name>}, with its size and alignment. */
    public CType type() {
        return new CType("struct " + name, size, align());
    }

    /** The field with this exact path. */
    public FieldLayout field(String path) {
        for (FieldLayout f : fields) {
            if (f.name().equals(path)) {
                return f;
            }
        }
        throw new IllegalArgumentException(name + ": no field named " + path);
    }

    /** Whether a field, or a nested structure or union flattened under this path, exists. */
    public boolean has(String path) {
        for (FieldLayout f : fields) {
            if (f.name().equals(path) || f.name().startsWith(path + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The offset of a field, or of a nested structure or union flattened under {@code path} (its lowest member
     * offset): {@code offsetOf("console")} in {@code start_info} is where the console union starts.
     */
    public int offsetOf(String path) {
        int min = Integer.MAX_VALUE;
        for (FieldLayout f : fields) {
            if (f.name().equals(path) || f.name().startsWith(path + ".")) {
                min = Math.min(min, f.offset());
            }
        }
        if (min == Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": no field or nested member named " + path);
        }
        return min;
    }

    /**
     * Checks the layout and throws if any rule is broken.
     *
     * @throws IllegalStateException naming every broken rule and its bad value, for example {@code "mmuext_op: field
     *     arg2.nr_ents at offset 12 overlaps arg1.mfn (8..16)"}
     */
    public StructLayout check() {
        List<String> v = violations();
        if (!v.isEmpty()) {
            throw new IllegalStateException(String.join("; ", v));
        }
        return this;
    }

    /** Every broken layout rule, one message each (empty if the layout is sound). See the class comment. */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (FieldLayout f : fields) {
            if (!names.add(f.name())) {
                out.add(name + ": duplicate field name " + f.name());
            }
            if (f.offset() % f.align() != 0) {
                out.add(String.format(
                        "%s: field %s at offset %d is not aligned to its natural alignment %d",
                        name, f.name(), f.offset(), f.align()));
            }
            if (f.end() > size) {
                out.add(String.format(
                        "%s: field %s (%d..%d) ends beyond SIZE %d", name, f.name(), f.offset(), f.end(), size));
            }
            if (f.inUnion() && f.variant() == null) {
                out.add(String.format("%s: union member %s must be named %s.<variant>", name, f.name(), f.union()));
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            for (int j = 0; j < i; j++) {
                FieldLayout a = fields.get(i);
                FieldLayout b = fields.get(j);
                if (a.overlaps(b) && !mayOverlap(a, b)) {
                    out.add(String.format(
                            "%s: field %s at offset %d overlaps %s (%d..%d)",
                            name, a.name(), a.offset(), b.name(), b.offset(), b.end()));
                }
            }
        }
        int align = align();
        if (size % align != 0) {
            out.add(String.format("%s: SIZE %d is not a multiple of the struct's alignment %d", name, size, align));
        }
        checkPadding(out, align);
        return out;
    }

    private static boolean mayOverlap(FieldLayout a, FieldLayout b) {
        return a.inUnion()
                && a.union().equals(b.union())
                && a.variant() != null
                && b.variant() != null
                && !a.variant().equals(b.variant());
    }

    /** A top-level member: a field in no union, or a whole union. */
    private record Item(String what, int start, int end, int align) {}

    private void checkPadding(List<String> out, int structAlign) {
        List<Item> items = new ArrayList<>();
        Map<String, List<FieldLayout>> unions = new LinkedHashMap<>();
        for (FieldLayout f : fields) {
            if (f.inUnion()) {
                unions.computeIfAbsent(f.union(), u -> new ArrayList<>()).add(f);
            } else {
                items.add(new Item("field " + f.name(), f.offset(), f.end(), f.align()));
            }
        }
        for (Map.Entry<String, List<FieldLayout>> u : unions.entrySet()) {
            items.add(checkUnion(out, u.getKey(), u.getValue()));
        }
        int end = checkSequence(out, items, 0);
        int expected = alignUp(end, structAlign);
        if (size > expected) {
            out.add(String.format(
                    "%s: SIZE %d leaves a hole after the last member, which ends at %d "
                            + "(with alignment %d the size would be %d)",
                    name, size, end, structAlign, expected));
        }
    }

    /** Checks one union's variants and returns the union as one member. */
    private Item checkUnion(List<String> out, String union, List<FieldLayout> members) {
        int start = Integer.MAX_VALUE;
        int maxEnd = 0;
        int align = 1;
        Map<String, List<Item>> variants = new LinkedHashMap<>();
        for (FieldLayout f : members) {
            start = Math.min(start, f.offset());
            maxEnd = Math.max(maxEnd, f.end());
            align = Math.max(align, f.align());
            String variant = f.variant() == null ? f.name() : f.variant();
            variants.computeIfAbsent(variant, v -> new ArrayList<>())
                    .add(new Item("field " + f.name(), f.offset(), f.end(), f.align()));
        }
        for (Map.Entry<String, List<Item>> v : variants.entrySet()) {
            int first = v.getValue().stream().mapToInt(Item::start).min().orElse(start);
            if (first != start) {
                out.add(String.format(
                        "%s: union %s variant %s starts at offset %d, not at the union's offset %d",
                        name, union, v.getKey(), first, start));
            } else {
                checkSequence(out, v.getValue(), start);
            }
        }
        return new Item("union " + union, start, start + alignUp(maxEnd - start, align), align);
    }

    /**
     * Walks members in offset order from {@code from}, reporting every gap that is more than alignment padding;
     * returns where the last member ends.
     */
    private int checkSequence(List<String> out, List<Item> items, int from) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(Item::start));
        int cursor = from;
        for (Item it : sorted) {
            if (it.start() > cursor && alignUp(cursor, it.align()) != it.start()) {
                out.add(String.format(
                        "%s: hole before %s at offset %d: the previous member ends at %d, "
                                + "so natural alignment %d would place it at %d",
                        name, it.what(), it.start(), cursor, it.align(), alignUp(cursor, it.align())));
            }
            cursor = Math.max(cursor, it.end());
        }
        return cursor;
    }

    private static int alignUp(int value, int align) {
        return (value + align - 1) / align * align;
    }

    /**
     * The layout as a table, one member per line: offset, size, C type and path, in offset order; for dumps and
     * failure messages.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("struct %s { /* size %d, align %d */%n", name, size, align()));
        List<FieldLayout> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparingInt(FieldLayout::offset));
        for (FieldLayout f : sorted) {
            sb.append(String.format(
                    "  %6d %6d  %-32s %s%s%n",
                    f.offset(), f.size(), f.type(), f.name(), f.inUnion() ? "  /* union " + f.union() + " */" : ""));
        }
        return sb.append("};").toString();
    }

    /** Builds a {@link StructLayout} field by field, in declaration order. */
    public static final class Builder {
        private final String name;
        private final List<FieldLayout> fields = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds a member that is in no union. */
        public Builder field(String path, int offset, CType type) {
            fields.add(FieldLayout.of(path, offset, type));
            return this;
        }

        /**
         * Adds a member of the union {@code union}; {@code member} is its path inside the union, starting with the
         * variant ({@code "mfn"}, or {@code "domU.mfn"} for a variant that is a struct).
         */
        public Builder unionMember(String union, String member, int offset, CType type) {
            fields.add(new FieldLayout(union + "." + member, offset, type.size(), type.align(), type.name(), union));
            return this;
        }

        /**
         * Adds every member of a nested structure at {@code offset}, each renamed {@code <path>.<member>}, so the
         * outer layout lists them by name ({@code user_regs.rip}). The nested structure's own tail padding is not
         * listed, so embed only structures whose last member ends at their size, or that the outer structure
         * follows with a member at least as aligned.
         */
        public Builder embed(String path, int offset, StructLayout nested) {
            for (FieldLayout f : nested.fields()) {
                fields.add(f.embeddedAt(path, offset));
            }
            return this;
        }

        /** The layout with {@code sizeof} = {@code size}. It is not checked here: call {@link StructLayout#check()}. */
        public StructLayout build(int size) {
            return new StructLayout(name, size, fields);
        }
    }
}
