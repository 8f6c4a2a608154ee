package dev.berth.mount;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropagationTest {

    @ParameterizedTest
    @EnumSource(Propagation.class)
    void fromWire_wireName_roundTrips(Propagation p) {
        assertThat(Propagation.fromWire(p.wire())).isEqualTo(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "RSLAVE", "rslave ", "unbindable"})
    void fromWire_unknown_rejectedWithDockerText(String wire) {
        assertThatThrownBy(() -> Propagation.fromWire(wire))
                .isInstanceOf(InvalidMountSpecException.class)
                .hasMessage("invalid propagation mode: " + wire);
    }
}
