package org.pvsim.dom0.xlcfg;

import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * The number rules of xl.cfg.
 *
 * <p>Two readings, as in libxlu:
 *
 * <ul>
 *   <li>A bare number in the file is a literal: decimal ({@code 0} or {@code [1-9][0-9]*}), hexadecimal
 *       ({@code 0x[0-9a-f]+}, lower case as libxlu's lexer demands) or octal ({@code 0[0-7]+}).
 *   <li>A key that wants a number reads its atom the way {@code strtol(text, &end, 0)} does (xl's
 *       {@code xlu_cfg_get_long}), so a quoted {@code "0x1F"}, {@code "-1"} or {@code "256"} is a number too. Unlike
 *       strtol, surrounding blanks are not skipped.
 * </ul>
 *
 * Both must fit in a signed 64-bit {@code long} (strtol's {@code ERANGE}).
 */
final class XlNumber {

    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private XlNumber() {}

    /**
     * Why {@code literal} (a bare token starting with a digit) is not a valid number literal, or {@code null} if it
     * is one.
     */
    static String literalProblem(String literal) {
        boolean valid = literal.matches("0|[1-9][0-9]*|0[0-7]+|0x[0-9a-f]+");
        if (!valid) {
            if (literal.matches("0[xX][0-9a-fA-F]+")) {
                return "'" + literal + "' is not a number: write hexadecimal as 0x with lower-case digits";
            }
            if (literal.matches("0[0-9]+")) {
                return "'" + literal + "' is not a number: a leading 0 means octal, whose digits are 0 to 7";
            }
            if (literal.matches("[0-9]+[.][0-9]*")) {
                return "'" + literal + "' is not a number: xl.cfg numbers are whole numbers";
            }
            return "'" + literal + "' is not a number (write decimal, 0x hexadecimal or 0 octal; quote strings)";
        }
        if (parse(literal).isEmpty()) {
            return "'" + literal + "' is too large: numbers must fit in a signed 64-bit integer";
        }
        return null;
    }

    /**
     * The value of {@code text} read as strtol with base 0 reads it (optional sign, {@code 0x}/{@code 0X} hex, leading-0
     * octal, decimal), or empty if the text is not entirely such a number or does not fit in a {@code long}.
     */
    static OptionalLong parse(String text) {
        int i = 0;
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        String digits = text.substring(i);
        int radix = 10;
        if (digits.length() > 2 && digits.charAt(0) == '0' && (digits.charAt(1) == 'x' || digits.charAt(1) == 'X')) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.charAt(0) == '0') {
            radix = 8;
            digits = digits.substring(1);
        }
        if (digits.isEmpty()) {
            return OptionalLong.empty();
        }
        for (int k = 0; k < digits.length(); k++) {
            if (Character.digit(digits.charAt(k), radix) < 0) {
                return OptionalLong.empty();
            }
        }
        BigInteger value = new BigInteger(digits, radix);
        if (negative) {
            value = value.negate();
        }
        if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(value.longValueExact());
    }
}
