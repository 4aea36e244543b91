package org.pvsim.dom0.xlcfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XlCfgParserTest {

    static XlConfig parse(String text) throws XlCfgException {
        return XlCfgParser.parse(text, XlCfgSource.file("web.cfg"));
    }

    /** The value as plain Java: a String for an atom, a List for a list. */
    static Object plain(XlValue value) {
        if (value instanceof XlAtom atom) {
            return atom.text();
        }
        List<Object> out = new ArrayList<>();
        for (XlValue element : ((XlList) value).elements()) {
            out.add(plain(element));
        }
        return out;
    }

    static Object plain(XlConfig config, String key) {
        return plain(config.get(key).orElseThrow().value());
    }

    static String errorOf(String text) {
        try {
            parse(text);
        } catch (XlCfgException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a syntax error in: " + text);
    }

    @Nested
    class Settings {

        @Test
        void keyEqualsValueLinesAreSettings() throws XlCfgException {
            XlConfig config = parse("name = \"web\"\nmemory = 256\n");
            assertThat(config.keys()).containsExactly("name", "memory");
            assertThat(plain(config, "name")).isEqualTo("web");
            assertThat(plain(config, "memory")).isEqualTo("256");
        }

        @Test
        void semicolonsSeparateSettingsOnOneLine() throws XlCfgException {
            XlConfig config = parse("name=\"h0\"; type=\"pv\";memory=64");
            assertThat(config.keys()).containsExactly("name", "type", "memory");
        }

        @Test
        void theLastSettingNeedsNoNewline() throws XlCfgException {
            assertThat(plain(parse("vcpus = 2"), "vcpus")).isEqualTo("2");
        }

        @Test
        void emptyTextAndBlankLinesAndLoneSemicolonsAreFine() throws XlCfgException {
            assertThat(parse("").settings()).isEmpty();
            assertThat(parse("\n\n  \t\n;;\n").settings()).isEmpty();
        }

        @Test
        void commentsRunToTheEndOfTheLine() throws XlCfgException {
            XlConfig config = parse("# a guest\nname = \"web\" # its name\n#memory = 1\n# last line without newline");
            assertThat(config.keys()).containsExactly("name");
        }

        @Test
        void hashInsideAStringIsNotAComment() throws XlCfgException {
            assertThat(plain(parse("extra = \"a # b\""), "extra")).isEqualTo("a # b");
        }

        @Test
        void namesMayHoldDigitsDotsAndUnderscores() throws XlCfgException {
            assertThat(parse("a.b_9 = 1").keys()).containsExactly("a.b_9");
        }

        @Test
        void aRepeatedKeyKeepsTheLaterValue() throws XlCfgException {
            XlConfig config = parse("memory = 128\nname = \"a\"\nmemory = 256\n");
            assertThat(plain(config, "memory")).isEqualTo("256");
            assertThat(config.get("memory").orElseThrow().location().line()).isEqualTo(3);
            assertThat(config.keys()).containsExactly("name", "memory");
        }

        @Test
        void carriageReturnLineFeedEndsALine() throws XlCfgException {
            assertThat(parse("a = 1\r\nb = 2\r\n").keys()).containsExactly("a", "b");
        }

        @Test
        void settingsRememberWhereTheirKeyAndValueAre() throws XlCfgException {
            XlSetting setting = parse("\n  memory =  256").get("memory").orElseThrow();
            assertThat(setting.location()).isEqualTo(new XlCfgLocation("web.cfg", 2, 3));
            assertThat(setting.value().location()).isEqualTo(new XlCfgLocation("web.cfg", 2, 13));
        }

        @Test
        void anEmbeddedTextReportsLocationsInTheEnclosingFile() throws XlCfgException {
            XlConfig config = XlCfgParser.parse("a = 1\nb = 2\n", new XlCfgSource("demo.yaml", 6, 6));
            assertThat(config.get("b").orElseThrow().location()).hasToString("demo.yaml:8:7");
        }
    }

    @Nested
    class Strings {

        @Test
        void singleAndDoubleQuotesBothMakeStrings() throws XlCfgException {
            XlConfig config = parse("a = 'x \"y\"'\nb = \"x 'y'\"");
            assertThat(plain(config, "a")).isEqualTo("x \"y\"");
            assertThat(plain(config, "b")).isEqualTo("x 'y'");
            assertThat(((XlAtom) config.get("a").orElseThrow().value()).kind()).isEqualTo(XlAtom.Kind.STRING);
        }

        @Test
        void escapesAreDecoded() throws XlCfgException {
            XlConfig config = parse("a = \"q\\\" s\\' b\\\\ \\a\\b\\f\\n\\r\\t\\v x\\x41\\x7e o\\101\\7\"");
            assertThat(plain(config, "a")).isEqualTo("q\" s' b\\ \007\b\f\n\r\t\013 xA~ oA\007");
        }

        @Test
        void anEmptyStringIsAValue() throws XlCfgException {
            assertThat(plain(parse("vif = [ '' ]"), "vif")).isEqualTo(List.of(""));
        }

        @Test
        void nonAsciiCharactersAreKept() throws XlCfgException {
            assertThat(plain(parse("extra = \"héllo ✓\""), "extra")).isEqualTo("héllo ✓");
        }
    }

    @Nested
    class Numbers {

        @ParameterizedTest
        @CsvSource({"0, 0", "42, 42", "0x1f, 31", "010, 8", "0777, 511", "9223372036854775807, 9223372036854775807"})
        void decimalHexAndOctalLiteralsAreNumbers(String literal, long value) throws XlCfgException {
            XlAtom atom =
                    (XlAtom) parse("n = " + literal).get("n").orElseThrow().value();
            assertThat(atom.kind()).isEqualTo(XlAtom.Kind.NUMBER);
            assertThat(atom.text()).isEqualTo(literal);
            assertThat(XlNumber.parse(atom.text())).hasValue(value);
        }

        @ParameterizedTest
        @CsvSource({
            "'0X1F', 31",
            "'-1', -1",
            "'+7', 7",
            "'0x1f', 31",
            "'017', 15",
            "'-9223372036854775808', -9223372036854775808"
        })
        void aStringHoldingANumberReadsAsStrtolReadsIt(String text, long value) {
            assertThat(XlNumber.parse(text)).hasValue(value);
        }

        @ParameterizedTest
        @CsvSource({"''", "'-'", "'0x'", "'12a'", "' 12'", "'08'", "'9223372036854775808'", "'1.5'"})
        void aStringThatIsNotEntirelyANumberIsNone(String text) {
            assertThat(XlNumber.parse(text)).isEmpty();
        }
    }

    @Nested
    class Lists {

        @Test
        void listsHoldValuesOfMixedKinds() throws XlCfgException {
            assertThat(plain(parse("l = [ 'a', 1, \"b\" ]"), "l")).isEqualTo(List.of("a", "1", "b"));
        }

        @Test
        void anEmptyListIsAValue() throws XlCfgException {
            assertThat(plain(parse("l = []"), "l")).isEqualTo(List.of());
            assertThat(plain(parse("l = [\n\n]"), "l")).isEqualTo(List.of());
        }

        @Test
        void listsNest() throws XlCfgException {
            assertThat(plain(parse("l = [ ['a', [1]], [], 'b' ]"), "l"))
                    .isEqualTo(List.of(List.of("a", List.of("1")), List.of(), "b"));
        }

        @Test
        void listsSpanLinesAndMayEndWithAComma() throws XlCfgException {
            String text =
                    "disk = [\n  '/dev/vg/a,raw,xvda,rw',   # root\n\n  '/dev/vg/b,raw,xvdb,rw',\n]\nname = \"x\"";
            XlConfig config = parse(text);
            assertThat(plain(config, "disk")).isEqualTo(List.of("/dev/vg/a,raw,xvda,rw", "/dev/vg/b,raw,xvdb,rw"));
            assertThat(config.keys()).containsExactly("disk", "name");
        }

        @Test
        void newlinesMayComeBeforeACommaInsideAList() throws XlCfgException {
            assertThat(plain(parse("l = [ 1\n , 2\n ]"), "l")).isEqualTo(List.of("1", "2"));
        }

        @Test
        void aListRemembersWhereItOpens() throws XlCfgException {
            assertThat(parse("l =  [1]")
                            .get("l")
                            .orElseThrow()
                            .value()
                            .location()
                            .column())
                    .isEqualTo(6);
        }
    }

    @Nested
    class Append {

        @Test
        void appendingToAStringConcatenates() throws XlCfgException {
            XlSetting setting =
                    parse("extra = \"a\"\nextra += ' b'").get("extra").orElseThrow();
            assertThat(plain(setting.value())).isEqualTo("a b");
            assertThat(setting.appended()).isTrue();
        }

        @Test
        void appendingToAListJoinsTheLists() throws XlCfgException {
            assertThat(plain(parse("vif = ['a']\nvif += ['b', 'c']"), "vif")).isEqualTo(List.of("a", "b", "c"));
        }

        @Test
        void appendingToANumberMakesTheConcatenatedText() throws XlCfgException {
            assertThat(plain(parse("memory = 1\nmemory += 2"), "memory")).isEqualTo("12");
        }

        @Test
        void appendingToAnUnsetKeySetsIt() throws XlCfgException {
            XlSetting setting = parse("extra += \"x\"").get("extra").orElseThrow();
            assertThat(plain(setting.value())).isEqualTo("x");
            assertThat(setting.appended()).isTrue();
        }

        @Test
        void aPlainAssignmentAfterAnAppendReplacesTheValue() throws XlCfgException {
            XlSetting setting =
                    parse("extra = 'a'\nextra += 'b'\nextra = 'c'").get("extra").orElseThrow();
            assertThat(plain(setting.value())).isEqualTo("c");
            assertThat(setting.appended()).isFalse();
        }

        @Test
        void appendingAListToAStringIsAnError() {
            assertThat(errorOf("vif = 'a'\nvif += ['b']"))
                    .isEqualTo(
                            "web.cfg:2:8: can't add a list to a string with +=: 'vif' was set to a string at line 1");
            assertThat(errorOf("vif = ['a']\nvif += 'b'"))
                    .isEqualTo("web.cfg:2:8: can't add a string to a list with +=: 'vif' was set to a list at line 1");
        }
    }

    @Nested
    class SyntaxErrors {

        @Test
        void aMissingValueIsReportedWhereTheValueShouldBe() {
            assertThat(errorOf("name = \"web\"\nvcpus = 2\nmemory = \n"))
                    .isEqualTo("web.cfg:3:10: expected a value after '='");
            assertThat(errorOf("memory =")).isEqualTo("web.cfg:1:9: expected a value after '='");
            assertThat(errorOf("memory += ;")).isEqualTo("web.cfg:1:11: expected a value after '+='");
        }

        @Test
        void aBareWordValueIsRefusedWithAQuotingHint() {
            assertThat(errorOf("type = pv"))
                    .isEqualTo(
                            "web.cfg:1:8: expected a value after '=', found bare word 'pv' (strings need quotes: \"pv\")");
        }

        @Test
        void aSettingMustStartWithAKey() {
            assertThat(errorOf("= 5")).isEqualTo("web.cfg:1:1: expected a key (a setting is key = value), found '='");
            assertThat(errorOf("\"name\" = 5"))
                    .isEqualTo("web.cfg:1:1: expected a key (a setting is key = value), found string \"name\"");
        }

        @Test
        void aKeyMustBeFollowedByAnAssignment() {
            assertThat(errorOf("memory 256"))
                    .isEqualTo("web.cfg:1:8: expected '=' or '+=' after 'memory', found number 256");
            assertThat(errorOf("memory\n"))
                    .isEqualTo("web.cfg:1:7: expected '=' or '+=' after 'memory', found end of line");
        }

        @Test
        void twoValuesInOneSettingAreAnError() {
            assertThat(errorOf("memory = 256 512"))
                    .isEqualTo(
                            "web.cfg:1:14: expected the end of the line or ';' after the value of 'memory', found number 512");
        }

        @Test
        void upperCaseNamesAreRefused() {
            assertThat(errorOf("Memory = 1"))
                    .isEqualTo("web.cfg:1:1: 'Memory' is not a valid name: names are lower case ([a-z][._0-9a-z]*)");
            assertThat(errorOf("maxMem = 1"))
                    .isEqualTo("web.cfg:1:1: 'maxMem' is not a valid name: names are lower case ([a-z][._0-9a-z]*)");
        }

        @Test
        void namesWithDashesOrLeadingUnderscoresAreRefused() {
            assertThat(errorOf("on_crash = rename-restart"))
                    .isEqualTo("web.cfg:1:12: 'rename-restart' is not a valid name: names are [a-z][._0-9a-z]*"
                            + " (write strings in quotes: \"rename-restart\")");
            assertThat(errorOf("_x = 1")).startsWith("web.cfg:1:1: '_x' is not a valid name");
        }

        @Test
        void anUnterminatedStringIsReportedAtItsStart() {
            assertThat(errorOf("a = 1\nname = \"web\n"))
                    .isEqualTo("web.cfg:2:8: this string has no closing \" (a string must end on the line it starts)");
            assertThat(errorOf("name = 'web")).startsWith("web.cfg:1:8: this string has no closing '");
        }

        @Test
        void aBadEscapeIsReportedAtItsBackslash() {
            assertThat(errorOf("a = \"x\\qy\"")).startsWith("web.cfg:1:7: invalid escape: \\ followed by 'q'");
            assertThat(errorOf("a = \"ab\\x4\""))
                    .isEqualTo("web.cfg:1:8: \\x must be followed by two hexadecimal digits");
            assertThat(errorOf("a = \"\\0\""))
                    .isEqualTo("web.cfg:1:6: a string cannot contain the character 0 (xl strings are C strings)");
        }

        @Test
        void malformedNumbersAreRefused() {
            assertThat(errorOf("a = 08"))
                    .isEqualTo("web.cfg:1:5: '08' is not a number: a leading 0 means octal, whose digits are 0 to 7");
            assertThat(errorOf("a = 0xFF"))
                    .isEqualTo("web.cfg:1:5: '0xFF' is not a number: write hexadecimal as 0x with lower-case digits");
            assertThat(errorOf("a = 1.5"))
                    .isEqualTo("web.cfg:1:5: '1.5' is not a number: xl.cfg numbers are whole numbers");
            assertThat(errorOf("a = 12ab")).startsWith("web.cfg:1:5: '12ab' is not a number");
            assertThat(errorOf("a = 99999999999999999999"))
                    .isEqualTo(
                            "web.cfg:1:5: '99999999999999999999' is too large: numbers must fit in a signed 64-bit integer");
        }

        @Test
        void negativeNumbersAndPythonAreRefused() {
            assertThat(errorOf("cap = -1"))
                    .isEqualTo(
                            "web.cfg:1:7: unexpected '-': xl.cfg has no negative numbers or operators (quote strings)");
            assertThat(errorOf("memory = (256)")).startsWith("web.cfg:1:10: unexpected '(': xl.cfg is not Python");
            assertThat(errorOf("a = 1 + 2")).startsWith("web.cfg:1:7: unexpected '+': xl.cfg is not Python");
        }

        @Test
        void strayCharactersAreNamed() {
            assertThat(errorOf("a = 1 @")).isEqualTo("web.cfg:1:7: unexpected character '@'");
            assertThat(errorOf("a = 1\r")).isEqualTo("web.cfg:1:6: unexpected character U+000D");
        }

        @Test
        void listErrorsNameTheirPlace() {
            assertThat(errorOf("l = [ 1 2 ]"))
                    .isEqualTo("web.cfg:1:9: expected ',' or ']' after a list element, found number 2");
            assertThat(errorOf("l = [ 1, , 2 ]")).isEqualTo("web.cfg:1:10: expected a value after ',', found ','");
            assertThat(errorOf("l = [ , ]")).isEqualTo("web.cfg:1:7: expected a value after '[', found ','");
            assertThat(errorOf("l = [ 1,\n 2,\n"))
                    .isEqualTo("web.cfg:3:1: the list opened with '[' at line 1, column 5 is not closed with ']'");
            assertThat(errorOf("l = [ 'a'"))
                    .isEqualTo("web.cfg:1:10: the list opened with '[' at line 1, column 5 is not closed with ']'");
        }

        @Test
        void aNewlineBetweenKeyAndValueIsAnError() {
            assertThat(errorOf("memory =\n256")).isEqualTo("web.cfg:1:9: expected a value after '='");
        }

        @Test
        void aMissingFileIsAnError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
            assertThatThrownBy(() -> XlCfgParser.parse(dir.resolve("nope.cfg"), "guests/nope.cfg"))
                    .isInstanceOf(XlCfgException.class)
                    .hasMessage("guests/nope.cfg: no such file");
        }
    }
}
