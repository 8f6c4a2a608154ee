package dev.berth.mount;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiVersionTest {

    @Test
    void parse_version_numericOrder() {
        assertThat(ApiVersion.parse("1.44")).isEqualTo(new ApiVersion(1, 44));
        assertThat(ApiVersion.parse("1.9").isBefore(ApiVersion.parse("1.10"))).isTrue();
        assertThat(ApiVersion.parse("1.50").isBefore(ApiVersion.V1_48)).isFalse();
        assertThat(ApiVersion.parse("1.48").compareTo(ApiVersion.V1_48)).isZero();
        assertThat(ApiVersion.parse("1.41")).hasToString("1.41");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.", ".4", "1.4.4", "a.b", "1.-4"})
    void parse_malformed_rejected(String text) {
        assertThatThrownBy(() -> ApiVersion.parse(text))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid API version: ");
    }
}
