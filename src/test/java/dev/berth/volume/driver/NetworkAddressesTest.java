package dev.berth.volume.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The Go behaviours Docker's addr= resolution rests on: getAddress, ParseIP(..).To4(), IP.String. */
class NetworkAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1.2.3.4|true",
            "255.255.255.255|true",
            "01.2.3.4|false",
            "1.2.3|false",
            "256.1.1.1|false",
            "::ffff:1.2.3.4|true",
            "::1|false",
            "nas|false",
    })
    void isIpv4_asGo(String s, boolean v4) {
        assertThat(NetworkAddresses.isIpv4(s)).isEqualTo(v4);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0:0:0:0:0:0:0:1|::1",
            "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1",
            "0:0:0:0:0:0:0:0|::",
            "fe80:0:0:0:0:0:0:0|fe80::",
    })
    void goString_ipv6ShortestForm(String in, String out) throws Exception {
        assertThat(NetworkAddresses.goString(InetAddress.ofLiteral(in))).isEqualTo(out);
    }

    @Test
    void address_firstAddrOptionOnly() {
        assertThat(NetworkAddresses.address("vers=4,addr=a,addr=b")).isEqualTo("a");
        assertThat(NetworkAddresses.address("myaddr=a,clientaddr=b")).isEmpty();
        assertThat(NetworkAddresses.address("")).isEmpty();
    }
}
