package org.pvsim.dom0.toolstack;

/**
 * The libxl error codes the life-cycle commands return and print ({@code libxl_error} in {@code
 * tools/libs/light/libxl_types.idl}); xl prints them as {@code rc=-3} and some commands exit with their negation.
 */
final class LibxlError {
    /** {@code ERROR_FAIL}. */
    static final int FAIL = -3;

    /** {@code ERROR_INVAL}. */
    static final int INVAL = -6;

    /** {@code ERROR_TIMEDOUT}: a guest did not answer in time. */
    static final int TIMEDOUT = -9;

    /** {@code ERROR_NOPARAVIRT}: the guest has no PV control interface. */
    static final int NOPARAVIRT = -10;

    /** {@code ERROR_DOMAIN_NOTFOUND}: no such domain. */
    static final int DOMAIN_NOTFOUND = -21;

    private LibxlError() {}
}
