package org.pvsim.hypervisor.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelImageDescriptorTest {

    @Test
    void encodedHeaderIsMagicThenNulPaddedName() {
        byte[] h = KernelImageDescriptor.encode("busybox-kernel");

        assertThat(h).hasSize(64);
        assertThat(new String(h, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("PVSIMKRN");
        assertThat(new String(h, 8, 14, StandardCharsets.US_ASCII)).isEqualTo("busybox-kernel");
        assertThat(Arrays.copyOfRange(h, 22, 64)).containsOnly((byte) 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k", "linux-pv 6.1", "~!@#$%^&*()_+{}|:\"<>? `-=[]\\;',./"})
    void encodedNamesDecodeToThemselves(String name) {
        assertThat(KernelImageDescriptor.decode(KernelImageDescriptor.encode(name), 0))
                .isEqualTo(name);
        assertThat(KernelImageDescriptor.isValidName(name)).isTrue();
    }

    @Test
    void nameOf55BytesIsTheLongestThatRoundTrips() {
        String name = "n".repeat(55);

        assertThat(KernelImageDescriptor.NAME_MAX_LEN).isEqualTo(55);
        assertThat(KernelImageDescriptor.decode(KernelImageDescriptor.encode(name), 0))
                .isEqualTo(name);
    }

    @Test
    void headerDecodesAtAnOffsetInsideAPage() {
        byte[] page = new byte[X86Paging.PAGE_SIZE];
        Arrays.fill(page, (byte) 0x5A);
        System.arraycopy(KernelImageDescriptor.encode("guest"), 0, page, 4096 - 64, 64);

        assertThat(KernelImageDescriptor.decode(page, 4096 - 64)).isEqualTo("guest");
        assertThat(KernelImageDescriptor.decode(page, 0)).isNull();
    }

    @Test
    void encodeRefusesNullAndEmptyNames() {
        assertThatThrownBy(() -> KernelImageDescriptor.encode(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kernel image name must not be empty, got null");
        assertThatThrownBy(() -> KernelImageDescriptor.encode(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kernel image name must not be empty, got \"\"");
        assertThat(KernelImageDescriptor.isValidName("")).isFalse();
    }

    @Test
    void encodeRefusesANameOf56Bytes() {
        String name = "x".repeat(56);

        assertThatThrownBy(() -> KernelImageDescriptor.encode(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kernel image name must be at most 55 bytes, got 56: \"" + name + "\"");
        assertThat(KernelImageDescriptor.isValidName(name)).isFalse();
    }

    @Test
    void encodeRefusesNonAsciiNamingTheCharacterAndIndex() {
        assertThatThrownBy(() -> KernelImageDescriptor.encode("caf\u00e9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "kernel image name must be printable ASCII (0x20-0x7E), got U+00E9 at index 3 in \"caf\u00e9\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "tab\there", "nul\u0000", "del\u007f"})
    void encodeRefusesControlCharacters(String name) {
        assertThatThrownBy(() -> KernelImageDescriptor.encode(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("kernel image name must be printable ASCII (0x20-0x7E), got U+00");
        assertThat(KernelImageDescriptor.isValidName(name)).isFalse();
    }

    @Test
    void decodeReturnsNullWithoutTheMagic() {
        byte[] h = KernelImageDescriptor.encode("guest");
        h[7] = 'X';

        assertThat(KernelImageDescriptor.decode(h, 0)).isNull();
        assertThat(KernelImageDescriptor.decode(new byte[64], 0)).isNull();
    }

    @Test
    void decodeReturnsNullForAnEmptyName() {
        byte[] h = KernelImageDescriptor.encode("g");
        h[8] = 0;

        assertThat(KernelImageDescriptor.decode(h, 0)).isNull();
    }

    @Test
    void decodeReturnsNullWhenTheNameHasNoNul() {
        byte[] h = KernelImageDescriptor.encode("g");
        Arrays.fill(h, 8, 64, (byte) 'a');

        assertThat(KernelImageDescriptor.decode(h, 0)).isNull();
    }

    @Test
    void decodeReturnsNullForANonPrintableByteInTheName() {
        byte[] h = KernelImageDescriptor.encode("guest");
        h[10] = (byte) 0xC3;

        assertThat(KernelImageDescriptor.decode(h, 0)).isNull();
        h[10] = 0x07;
        assertThat(KernelImageDescriptor.decode(h, 0)).isNull();
    }

    @Test
    void decodeReturnsNullForGarbageAfterTheNul() {
        byte[] h = KernelImageDescriptor.encode("guest");
        h[63] = 'z';

        assertThat(KernelImageDescriptor.decode(h, 0)).isNull();
    }

    @Test
    void decodeRefusesAHeaderThatDoesNotFitInThePage() {
        assertThatThrownBy(() -> KernelImageDescriptor.decode(new byte[100], 37))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kernel image header needs 64 bytes from offset 37, but the page holds 100 bytes");
        assertThatThrownBy(() -> KernelImageDescriptor.decode(new byte[100], -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KernelImageDescriptor.decode(null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void layoutConstantsDescribeTheHeader() {
        assertThat(KernelImageDescriptor.MAGIC.length()).isEqualTo(KernelImageDescriptor.MAGIC_LEN);
        assertThat(KernelImageDescriptor.NAME_OFFSET).isEqualTo(8);
        assertThat(KernelImageDescriptor.SIZE).isEqualTo(64);
        assertThat(KernelImageDescriptor.LAYOUT.violations()).isEmpty();
    }
}
