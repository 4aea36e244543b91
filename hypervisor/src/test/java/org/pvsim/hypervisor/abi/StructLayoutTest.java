package org.pvsim.hypervisor.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StructLayoutTest {

    /** A faithful copy of struct mmuext_op, to break one rule at a time. */
    private static StructLayout.Builder mmuext() {
        return StructLayout.builder("mmuext_op").field("cmd", 0, CType.UINT);
    }

    @Test
    void soundLayoutHasNoViolations() {
        StructLayout l = mmuext().unionMember("arg1", "mfn", 8, CType.XEN_PFN)
                .unionMember("arg1", "linear_addr", 8, CType.ULONG)
                .unionMember("arg2", "nr_ents", 16, CType.UINT)
                .unionMember("arg2", "src_mfn", 16, CType.XEN_PFN)
                .build(24);

        assertThat(l.violations()).isEmpty();
        assertThat(l.check()).isSameAs(l);
        assertThat(l.align()).isEqualTo(8);
    }

    @Test
    void overlapOutsideAUnionIsReportedWithBothFieldsAndTheRange() {
        StructLayout l = mmuext().field("arg1", 8, CType.XEN_PFN)
                .field("arg2", 12, CType.UINT)
                .build(24);

        assertThat(l.violations()).contains("mmuext_op: field arg2 at offset 12 overlaps arg1 (8..16)");
    }

    @Test
    void differentVariantsOfOneUnionMayOverlap() {
        StructLayout l = StructLayout.builder("start_info_console")
                .unionMember("console", "domU.mfn", 0, CType.XEN_PFN)
                .unionMember("console", "domU.evtchn", 8, CType.UINT32)
                .unionMember("console", "dom0.info_off", 0, CType.UINT32)
                .unionMember("console", "dom0.info_size", 4, CType.UINT32)
                .build(16);

        assertThat(l.violations()).isEmpty();
    }

    @Test
    void membersOfTheSameUnionVariantMayNotOverlap() {
        StructLayout l = StructLayout.builder("s")
                .unionMember("console", "domU.mfn", 0, CType.XEN_PFN)
                .unionMember("console", "domU.evtchn", 4, CType.UINT32)
                .build(16);

        assertThat(l.violations()).anyMatch(v -> v.contains("field console.domU.evtchn at offset 4 overlaps"));
    }

    @Test
    void membersOfDifferentUnionsMayNotOverlap() {
        StructLayout l = mmuext().unionMember("arg1", "mfn", 8, CType.XEN_PFN)
                .unionMember("arg2", "src_mfn", 8, CType.XEN_PFN)
                .build(16);

        assertThat(l.violations()).contains("mmuext_op: field arg2.src_mfn at offset 8 overlaps arg1.mfn (8..16)");
    }

    @Test
    void misalignedFieldIsReportedWithItsOffsetAndAlignment() {
        StructLayout l = mmuext().field("arg1", 4, CType.XEN_PFN).build(16);

        assertThat(l.violations())
                .contains("mmuext_op: field arg1 at offset 4 is not aligned to its natural alignment 8");
    }

    @Test
    void fieldBeyondSizeIsReported() {
        StructLayout l = mmuext().field("arg1", 8, CType.XEN_PFN).build(12);

        assertThat(l.violations()).contains("mmuext_op: field arg1 (8..16) ends beyond SIZE 12");
    }

    @Test
    void sizeThatIsNotAMultipleOfTheAlignmentIsReported() {
        StructLayout l = mmuext().field("arg1", 8, CType.XEN_PFN).build(20);

        assertThat(l.violations()).contains("mmuext_op: SIZE 20 is not a multiple of the struct's alignment 8");
    }

    @Test
    void holeLargerThanAlignmentPaddingIsReported() {
        StructLayout l = StructLayout.builder("mmu_update")
                .field("ptr", 0, CType.UINT64)
                .field("val", 16, CType.UINT64)
                .build(24);

        assertThat(l.violations())
                .contains("mmu_update: hole before field val at offset 16: the previous member ends at 8, "
                        + "so natural alignment 8 would place it at 8");
    }

    @Test
    void holeBeforeTheFirstFieldIsReported() {
        StructLayout l = StructLayout.builder("s").field("a", 4, CType.UINT32).build(8);

        assertThat(l.violations()).anyMatch(v -> v.startsWith("s: hole before field a at offset 4"));
    }

    @Test
    void alignmentPaddingIsNotAHole() {
        StructLayout l = StructLayout.builder("sched_remote_shutdown")
                .field("domain_id", 0, CType.DOMID)
                .field("reason", 4, CType.UINT)
                .build(8);

        assertThat(l.violations()).isEmpty();
    }

    @Test
    void tailPaddingBeyondTheAlignmentIsReported() {
        StructLayout l = StructLayout.builder("s")
                .field("a", 0, CType.UINT64)
                .field("b", 8, CType.UINT32)
                .build(24);

        assertThat(l.violations())
                .contains("s: SIZE 24 leaves a hole after the last member, which ends at 12 "
                        + "(with alignment 8 the size would be 16)");
    }

    @Test
    void unionEndIsRoundedToItsAlignmentBeforeTheNextField() {
        // union { struct { u64 mfn; u32 evtchn; } domU; ... } is 16 bytes, so a u32 after it starts at 16
        StructLayout l = StructLayout.builder("s")
                .unionMember("console", "domU.mfn", 0, CType.XEN_PFN)
                .unionMember("console", "domU.evtchn", 8, CType.UINT32)
                .field("after", 16, CType.UINT32)
                .build(24);

        assertThat(l.violations()).isEmpty();
    }

    @Test
    void unionVariantNotStartingAtTheUnionOffsetIsReported() {
        StructLayout l = StructLayout.builder("start_info")
                .unionMember("console", "domU.mfn", 72, CType.XEN_PFN)
                .unionMember("console", "dom0.info_size", 76, CType.UINT32)
                .build(80);

        assertThat(l.violations())
                .contains("start_info: union console variant dom0 starts at offset 76, not at the union's offset 72");
    }

    @Test
    void unionMemberNotNamedUnderItsUnionIsReported() {
        StructLayout l = new StructLayout("s", 8, List.of(new FieldLayout("mfn", 0, 8, 8, "xen_pfn_t", "arg1")));

        assertThat(l.violations()).contains("s: union member mfn must be named arg1.<variant>");
    }

    @Test
    void duplicateFieldNameIsReported() {
        StructLayout l = StructLayout.builder("s")
                .field("a", 0, CType.UINT32)
                .field("a", 4, CType.UINT32)
                .build(8);

        assertThat(l.violations()).contains("s: duplicate field name a");
    }

    @Test
    void checkThrowsNamingEveryViolation() {
        StructLayout l = mmuext().field("arg1", 4, CType.XEN_PFN).build(20);

        assertThatThrownBy(l::check)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("field arg1 at offset 4 is not aligned")
                .hasMessageContaining("SIZE 20 is not a multiple");
    }

    @Test
    void embedRenamesAndShiftsTheNestedMembers() {
        StructLayout inner = StructLayout.builder("inner")
                .field("x", 0, CType.UINT32)
                .unionMember("u", "a", 8, CType.UINT64)
                .build(16);
        StructLayout outer = StructLayout.builder("outer")
                .field("head", 0, CType.UINT64)
                .embed("in", 8, inner)
                .build(24);

        assertThat(outer.field("in.x").offset()).isEqualTo(8);
        assertThat(outer.field("in.u.a").offset()).isEqualTo(16);
        assertThat(outer.field("in.u.a").union()).isEqualTo("in.u");
        assertThat(outer.field("in.u.a").variant()).isEqualTo("a");
        assertThat(outer.violations()).isEmpty();
    }

    /** The shape of struct start_info around its console union. */
    private static StructLayout consoleShaped() {
        return StructLayout.builder("start_info")
                .field("store_evtchn", 0, CType.UINT32)
                .unionMember("console", "domU.mfn", 8, CType.XEN_PFN)
                .unionMember("console", "domU.evtchn", 16, CType.UINT32)
                .unionMember("console", "dom0.info_off", 8, CType.UINT32)
                .unionMember("console", "dom0.info_size", 12, CType.UINT32)
                .field("pt_base", 24, CType.ULONG)
                .build(32);
    }

    @Test
    void offsetOfResolvesFieldsAndNestedGroups() {
        StructLayout l = consoleShaped();

        assertThat(l.violations()).isEmpty();
        assertThat(l.offsetOf("console")).isEqualTo(8);
        assertThat(l.offsetOf("console.dom0.info_size")).isEqualTo(12);
        assertThat(l.has("console.domU")).isTrue();
        assertThat(l.has("console.dom")).isFalse();
        assertThatThrownBy(() -> l.offsetOf("consol"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("start_info: no field or nested member named consol");
        assertThatThrownBy(() -> l.field("console"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("start_info: no field named console");
    }

    @Test
    void typeOfALayoutIsTheStructWithItsSizeAndAlignment() {
        assertThat(consoleShaped().type()).isEqualTo(new CType("struct start_info", 32, 8));
        StructLayout chars = StructLayout.builder("xen_compile_info")
                .field("compiler", 0, CType.CHAR.array(64))
                .build(64);
        assertThat(chars.type()).isEqualTo(new CType("struct xen_compile_info", 64, 1));
    }

    @Test
    void describeListsFieldsInOffsetOrderWithTypesAndUnions() {
        String d = consoleShaped().describe();

        assertThat(d).startsWith("struct start_info { /* size 32, align 8 */");
        assertThat(d).contains("xen_pfn_t").contains("console.dom0.info_size").contains("/* union console */");
        assertThat(d.indexOf("console.dom0.info_size")).isLessThan(d.indexOf("console.domU.evtchn"));
        assertThat(d.indexOf("console.domU.evtchn")).isLessThan(d.indexOf("pt_base"));
        assertThat(d).endsWith("};");
    }

    @Test
    void fieldAndTypeRejectImpossibleValues() {
        assertThatThrownBy(() -> new FieldLayout("a", -1, 4, 4, "int", null))
                .hasMessage("field a: offset must be >= 0, got -1");
        assertThatThrownBy(() -> new FieldLayout("a", 0, 4, 3, "int", null))
                .hasMessage("field a: alignment must be a power of two, got 3");
        assertThatThrownBy(() -> new FieldLayout(" ", 0, 4, 4, "int", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CType("t", 4, 0)).hasMessage("C type t: alignment must be a power of two, got 0");
        assertThatThrownBy(() -> CType.UINT32.array(-1)).hasMessage("array of uint32_t: count must be >= 0, got -1");
        assertThatThrownBy(() -> new StructLayout("s", 0, List.of(FieldLayout.of("a", 0, CType.UINT8))))
                .hasMessage("s: SIZE must be > 0, got 0");
    }

    @Test
    void arrayTypeMultipliesSizeAndKeepsElementAlignment() {
        assertThat(CType.XEN_ULONG.array(64)).isEqualTo(new CType("xen_ulong_t[64]", 512, 8));
        assertThat(CType.CHAR.array(0)).isEqualTo(new CType("char[]", 0, 1));
    }
}
