/**
 * The hypervisor's public ABI, as Xen's {@code xen/include/public/} defines it for a 64-bit x86 PV guest: the code
 * tables (hypercall numbers, sub-op codes, error numbers, as enums carrying Xen's values), the flag sets (as constant
 * classes keeping Xen's spelling, {@code SIF_PRIVILEGED}, {@code XEN_DOMINF_dying}), and the structure layouts.
 *
 * <h2>Descriptors</h2>
 *
 * Each structure that crosses the guest boundary has a Descriptor class named after it ({@code struct start_info}
 * is {@link org.pvsim.hypervisor.abi.StartInfoDescriptor}). A Descriptor holds, for every field, an {@code int}
 * constant {@code <FIELD>_OFFSET} (Xen's field name, upper-cased; nested members joined by {@code _}, so {@code
 * console.domU.mfn} is {@code CONSOLE_DOMU_MFN_OFFSET}), the structure's {@code SIZE}, bounds-checked offset methods
 * for arrays ({@code vcpuInfoOffset(vcpu)}), small checks for the rules Xen applies to values, and a {@code LAYOUT}:
 *
 * <pre>
 *   StartInfoDescriptor.NR_PAGES_OFFSET   32      code reads guest memory with these (LittleEndian)
 *   StartInfoDescriptor.SIZE              1168
 *   StartInfoDescriptor.LAYOUT            StructLayout "start_info"
 *                                           FieldLayout magic       0   32  char[32]
 *                                           FieldLayout nr_pages   32    8  unsigned long
 *                                           ...
 *                                           FieldLayout console.domU.mfn  72  8  (union console)
 *                                           FieldLayout console.dom0.info_off 72 4  (union console)
 * </pre>
 *
 * <p>The offsets were computed from the headers by hand, following x86-64 natural alignment. {@link
 * org.pvsim.hypervisor.abi.StructLayout#check()} re-derives what a C compiler would do from the fields' sizes and
 * alignments and reports any disagreement by rule; the tests run it over every Descriptor and compare the layouts
 * with a table produced by compiling Xen's headers.
 *
 * <p>Where a header has variants, the Descriptors follow the x86-64 guest (or toolstack, for domctl and sysctl) view
 * at the latest interface version, not Xen's internal ({@code __XEN__}) one. Xen's header text is not copied here;
 * each class names the header and structure it follows, so it can be checked there.
 */
package org.pvsim.hypervisor.abi;
