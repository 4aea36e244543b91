package org.pvsim.hypervisor.abi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every Descriptor's {@code LAYOUT} and constants: against the C layout rules (computed here, independently of
 * {@link StructLayout#violations()}), against each other, and against the layouts a compiler derives from Xen's
 * headers ({@link XenHeaderLayouts}).
 */
class DescriptorLayoutsTest {

    /** Descriptors of Xen structures. Add a new Descriptor here (the completeness test below fails otherwise). */
    static final List<Class<?>> XEN_DESCRIPTORS = List.of(
            MmuUpdateDescriptor.class,
            MmuextOpDescriptor.class,
            MulticallEntryDescriptor.class,
            StartInfoDescriptor.class,
            VcpuTimeInfoDescriptor.class,
            VcpuInfoDescriptor.class,
            SharedInfoDescriptor.class,
            VcpuRunstateInfoDescriptor.class,
            VcpuSetPeriodicTimerDescriptor.class,
            VcpuSetSingleshotTimerDescriptor.class,
            TrapInfoDescriptor.class,
            CpuUserRegsDescriptor.class,
            VcpuGuestContextDescriptor.class,
            XenMemoryReservationDescriptor.class,
            SchedShutdownDescriptor.class,
            SchedRemoteShutdownDescriptor.class,
            SchedPollDescriptor.class,
            SchedWatchdogDescriptor.class,
            SchedPinOverrideDescriptor.class,
            CallbackRegisterDescriptor.class,
            XenArchDomainconfigDescriptor.class,
            DomctlDescriptor.class,
            DomctlCreateDomainDescriptor.class,
            DomctlGetDomainInfoDescriptor.class,
            DomctlMaxMemDescriptor.class,
            DomctlVcpuContextDescriptor.class,
            DomctlMaxVcpusDescriptor.class,
            XenctlBitmapDescriptor.class,
            DomctlVcpuAffinityDescriptor.class,
            DomctlGetVcpuInfoDescriptor.class,
            DomctlSchedulerOpDescriptor.class,
            DomctlSchedParamVcpuDescriptor.class,
            SysctlDescriptor.class,
            SysctlPhysinfoDescriptor.class,
            SysctlGetDomainInfoListDescriptor.class,
            SysctlReadConsoleDescriptor.class,
            SysctlSchedIdDescriptor.class,
            SysctlSchedulerOpDescriptor.class,
            XenCompileInfoDescriptor.class,
            XenPlatformParametersDescriptor.class,
            XenFeatureInfoDescriptor.class,
            XenVarbufDescriptor.class,
            PhysdevMapPirqDescriptor.class,
            PhysdevUnmapPirqDescriptor.class,
            PhysdevEoiDescriptor.class,
            PhysdevIrqStatusQueryDescriptor.class,
            PhysdevSetIoplDescriptor.class);

    /** Descriptors of pvsim's own structures: checked by the rules, but not against Xen's headers. */
    static final List<Class<?>> PVSIM_DESCRIPTORS = List.of(KernelImageDescriptor.class);

    static Stream<Class<?>> descriptors() {
        return Stream.concat(XEN_DESCRIPTORS.stream(), PVSIM_DESCRIPTORS.stream());
    }

    static StructLayout layout(Class<?> descriptor) {
        try {
            Field f = descriptor.getField("LAYOUT");
            assertThat(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()))
                    .as("%s.LAYOUT is static final", descriptor.getSimpleName())
                    .isTrue();
            return (StructLayout) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(descriptor.getSimpleName() + " has no public LAYOUT", e);
        }
    }

    static int intConstant(Class<?> descriptor, String name) {
        try {
            return descriptor.getField(name).getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(descriptor.getSimpleName() + " has no int constant " + name, e);
        }
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void everyFieldLiesInsideSize(Class<?> descriptor) {
        StructLayout l = layout(descriptor);
        for (FieldLayout f : l.fields()) {
            assertThat(f.offset() + f.size())
                    .as("%s.%s ends inside SIZE %d", l.name(), f.name(), l.size())
                    .isLessThanOrEqualTo(l.size());
        }
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void everyFieldIsNaturallyAligned(Class<?> descriptor) {
        StructLayout l = layout(descriptor);
        for (FieldLayout f : l.fields()) {
            assertThat(f.offset() % f.align())
                    .as("%s.%s at %d, alignment %d", l.name(), f.name(), f.offset(), f.align())
                    .isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void fieldsOverlapOnlyAsDifferentVariantsOfOneUnion(Class<?> descriptor) {
        StructLayout l = layout(descriptor);
        List<FieldLayout> fs = l.fields();
        for (int i = 0; i < fs.size(); i++) {
            for (int j = i + 1; j < fs.size(); j++) {
                FieldLayout a = fs.get(i);
                FieldLayout b = fs.get(j);
                boolean overlap = a.offset() < b.offset() + b.size() && b.offset() < a.offset() + a.size();
                if (overlap) {
                    assertThat(a.union())
                            .as("%s: %s overlaps %s, so both must be in one union", l.name(), a.name(), b.name())
                            .isNotNull()
                            .isEqualTo(b.union());
                    assertThat(variantOf(a))
                            .as("%s: %s and %s are in different variants", l.name(), a.name(), b.name())
                            .isNotEqualTo(variantOf(b));
                }
            }
        }
    }

    private static String variantOf(FieldLayout f) {
        return f.name().substring(f.union().length() + 1).split("\\.")[0];
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void sizeIsAMultipleOfTheStructAlignment(Class<?> descriptor) {
        StructLayout l = layout(descriptor);
        int align = l.fields().stream().mapToInt(FieldLayout::align).max().orElseThrow();
        assertThat(l.size() % align)
                .as("%s SIZE %d, alignment %d", l.name(), l.size(), align)
                .isZero();
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void layoutBreaksNoLayoutRule(Class<?> descriptor) {
        assertThat(layout(descriptor).violations()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void sizeConstantIsTheLayoutSize(Class<?> descriptor) {
        assertThat(intConstant(descriptor, "SIZE")).isEqualTo(layout(descriptor).size());
    }

    /** {@code FOO_BAR_OFFSET} must be the offset of field (or nested group) {@code foo.bar} or {@code foo_bar}. */
    @ParameterizedTest
    @MethodSource("descriptors")
    void everyOffsetConstantIsTheOffsetOfTheFieldItNames(Class<?> descriptor) throws IllegalAccessException {
        StructLayout l = layout(descriptor);
        Map<String, Integer> byConstantName = new HashMap<>();
        for (FieldLayout f : l.fields()) {
            String[] parts = f.name().split("\\.");
            String prefix = "";
            for (String p : parts) {
                prefix = prefix.isEmpty() ? p : prefix + "." + p;
                byConstantName.put(constantName(prefix), l.offsetOf(prefix));
            }
        }
        List<String> checked = new ArrayList<>();
        for (Field c : descriptor.getFields()) {
            if (c.getType() == int.class && c.getName().endsWith("_OFFSET") && Modifier.isStatic(c.getModifiers())) {
                assertThat(byConstantName)
                        .as("%s.%s names a field of %s", descriptor.getSimpleName(), c.getName(), l.name())
                        .containsKey(c.getName());
                assertThat(c.getInt(null))
                        .as("%s.%s", descriptor.getSimpleName(), c.getName())
                        .isEqualTo(byConstantName.get(c.getName()));
                checked.add(c.getName());
            }
        }
        assertThat(checked)
                .as("%s has offset constants", descriptor.getSimpleName())
                .isNotEmpty();
    }

    /** Every field but padding has an offset constant, so code never needs a literal offset. */
    @ParameterizedTest
    @MethodSource("descriptors")
    void everyFieldButPaddingHasAnOffsetConstant(Class<?> descriptor) {
        StructLayout l = layout(descriptor);
        Set<String> constants = Stream.of(descriptor.getFields())
                .map(Field::getName)
                .filter(n -> n.endsWith("_OFFSET"))
                .collect(Collectors.toSet());
        for (FieldLayout f : l.fields()) {
            String last = f.name().substring(f.name().lastIndexOf('.') + 1);
            if (!last.matches("_?pad\\d*")) {
                assertThat(constants)
                        .as("%s has a constant for %s", descriptor.getSimpleName(), f.name())
                        .contains(constantName(f.name()));
            }
        }
    }

    private static String constantName(String path) {
        return path.replace('.', '_').toUpperCase(java.util.Locale.ROOT) + "_OFFSET";
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void descriptorCannotBeInstantiated(Class<?> descriptor) {
        assertThat(Modifier.isFinal(descriptor.getModifiers())).isTrue();
        for (Constructor<?> c : descriptor.getDeclaredConstructors()) {
            assertThat(Modifier.isPrivate(c.getModifiers()))
                    .as("%s constructor is private", descriptor.getSimpleName())
                    .isTrue();
        }
    }

    @Test
    void everyClassWithALayoutIsListedHere() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(StructLayout.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve(StructLayout.class.getPackageName().replace('.', '/'));
        Set<String> withLayout = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                String simple = p.getFileName().toString().replace(".class", "");
                if (simple.contains("$") || simple.contains("-")) {
                    continue;
                }
                Class<?> c = Class.forName(StructLayout.class.getPackageName() + "." + simple);
                if (Stream.of(c.getFields()).anyMatch(f -> f.getName().equals("LAYOUT"))) {
                    withLayout.add(simple);
                }
            }
        }
        Set<String> listed = descriptors().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));

        assertThat(withLayout).isNotEmpty().isEqualTo(listed);
    }

    // --- comparison with the layouts compiled from Xen's headers ---

    private record Ref(int offset, int size) {}

    private record RefStruct(int size, int align) {}

    private static Map<String, Map<String, Ref>> referenceFields() {
        Map<String, Map<String, Ref>> out = new HashMap<>();
        for (String line : XenHeaderLayouts.X86_64.strip().split("\n")) {
            String[] p = line.strip().split(" ");
            if (p[0].equals("F")) {
                out.computeIfAbsent(p[1], k -> new HashMap<>())
                        .put(p[2], new Ref(Integer.parseInt(p[3]), Integer.parseInt(p[4])));
            }
        }
        return out;
    }

    private static Map<String, RefStruct> referenceStructs() {
        Map<String, RefStruct> out = new HashMap<>();
        for (String line : XenHeaderLayouts.X86_64.strip().split("\n")) {
            String[] p = line.strip().split(" ");
            if (p[0].equals("S")) {
                out.put(p[1], new RefStruct(Integer.parseInt(p[2]), Integer.parseInt(p[3])));
            }
        }
        return out;
    }

    @Test
    void referenceCoversExactlyTheXenDescriptors() {
        Set<String> names =
                XEN_DESCRIPTORS.stream().map(d -> layout(d).name()).collect(Collectors.toCollection(TreeSet::new));

        assertThat(new TreeSet<>(referenceStructs().keySet())).isEqualTo(names);
    }

    static Stream<Class<?>> xenDescriptors() {
        return XEN_DESCRIPTORS.stream();
    }

    @ParameterizedTest
    @MethodSource("xenDescriptors")
    void sizeAndAlignmentMatchTheCompiledHeaders(Class<?> descriptor) {
        StructLayout l = layout(descriptor);
        RefStruct ref = referenceStructs().get(l.name());

        assertThat(ref).as("reference has struct %s", l.name()).isNotNull();
        assertThat(l.size()).as("sizeof(struct %s)", l.name()).isEqualTo(ref.size());
        assertThat(l.align()).as("_Alignof(struct %s)", l.name()).isEqualTo(ref.align());
    }

    @ParameterizedTest
    @MethodSource("xenDescriptors")
    void everyFieldMatchesTheCompiledHeaders(Class<?> descriptor) {
        StructLayout l = layout(descriptor);
        Map<String, Ref> ref = referenceFields().getOrDefault(l.name(), Map.of());

        assertThat(l.fields().stream().map(FieldLayout::name).collect(Collectors.toSet()))
                .as("members of struct %s", l.name())
                .isEqualTo(ref.keySet());
        for (FieldLayout f : l.fields()) {
            assertThat(new Ref(f.offset(), f.size()))
                    .as("offsetof/sizeof %s.%s", l.name(), f.name())
                    .isEqualTo(ref.get(f.name()));
        }
    }
}
