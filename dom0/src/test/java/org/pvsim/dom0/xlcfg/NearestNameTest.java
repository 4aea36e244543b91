package org.pvsim.dom0.xlcfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNameTest {

    @Test
    void aCloseNameIsSuggested() {
        assertThat(NearestName.among("memroy", List.of("name", "memory", "maxmem")))
                .hasValue("memory");
        assertThat(NearestName.hint("sed", List.of("name", "seed"))).isEqualTo(" (did you mean 'seed'?)");
    }

    @Test
    void aDistantNameIsNotSuggested() {
        assertThat(NearestName.among("banana", List.of("name", "memory"))).isEmpty();
        assertThat(NearestName.hint("xyz", List.of("abc"))).isEmpty();
    }

    @Test
    void shortNamesAllowOnlyOneEdit() {
        assertThat(NearestName.among("cpx", List.of("cpu"))).hasValue("cpu");
        assertThat(NearestName.among("cxx", List.of("cpu"))).isEmpty();
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(NearestName.distance("", "abc")).isEqualTo(3);
        assertThat(NearestName.distance("abc", "abc")).isZero();
    }
}
