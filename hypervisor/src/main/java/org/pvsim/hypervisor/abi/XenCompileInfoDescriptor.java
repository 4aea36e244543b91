package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_compile_info} ({@code xen/include/public/version.h}): the output of {@code XENVER_compile_info},
 * four NUL-terminated strings describing how the hypervisor was built.
 */
public final class XenCompileInfoDescriptor {
    /** {@code char compiler[64]}. */
    public static final int COMPILER_OFFSET = 0;
    /** {@code char compile_by[16]}. */
    public static final int COMPILE_BY_OFFSET = 64;
    /** {@code char compile_domain[32]}. */
    public static final int COMPILE_DOMAIN_OFFSET = 80;
    /** {@code char compile_date[32]}. */
    public static final int COMPILE_DATE_OFFSET = 112;
    /** {@code sizeof(struct xen_compile_info)}. */
    public static final int SIZE = 144;

    public static final int COMPILER_LEN = 64;
    public static final int COMPILE_BY_LEN = 16;
    public static final int COMPILE_DOMAIN_LEN = 32;
    public static final int COMPILE_DATE_LEN = 32;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_compile_info")
            .field("compiler", COMPILER_OFFSET, CType.CHAR.array(COMPILER_LEN))
            .field("compile_by", COMPILE_BY_OFFSET, CType.CHAR.array(COMPILE_BY_LEN))
            .field("compile_domain", COMPILE_DOMAIN_OFFSET, CType.CHAR.array(COMPILE_DOMAIN_LEN))
            .field("compile_date", COMPILE_DATE_OFFSET, CType.CHAR.array(COMPILE_DATE_LEN))
            .build(SIZE);

    private XenCompileInfoDescriptor() {}
}
