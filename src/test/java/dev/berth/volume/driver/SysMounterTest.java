package dev.berth.volume.driver;

import dev.berth.errors.InternalException;
import dev.berth.sys.Errno;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.LinuxMount;
import dev.berth.sys.MountHelperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which way a local volume with options is mounted and what reaches the mount (docker-storage-semantics §5): nfs and
 * cifs without their mount(8) helper go to mount(2) as Docker's do, after Docker's addr= resolution. No mount is
 * made: mount(2), mount(8) and the resolver are fakes, except where the system's resolver is the point.
 */
class SysMounterTest {

    @TempDir
    Path root;

    final List<String> kernelCalls = new ArrayList<>();
    final List<String> helperCalls = new ArrayList<>();
    final List<String> lookups = new ArrayList<>();

    private final NetworkAddresses.Resolver fakeDns = host -> {
        lookups.add(host);
        return switch (host) {
            case "nas.example" -> InetAddress.getByAddress(host, new byte[]{(byte) 192, 0, 2, 7});
            case "v6.example" -> InetAddress.getByAddress(host, new byte[]{0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, 0, 0x10});
            default -> throw new UnknownHostException(host);
        };
    };

    private SysMounter mounter(boolean helperInstalled, NetworkAddresses.Resolver resolver, int kernelErrno) {
        return new SysMounter(root, type -> helperInstalled,
                resolver,
                (source, target, type, flags, data) -> {
                    kernelCalls.add(source + " " + target + " " + type + " 0x" + Long.toHexString(flags) + " " + data);
                    if (kernelErrno != 0) {
                        throw new ErrnoException(kernelErrno, "mount", target);
                    }
                },
                (type, device, target, options) -> helperCalls.add(type + " " + device + " " + target + " " + options));
    }

    private static LocalOptions opts(String type, String device, String o) {
        return LocalOptions.parse(Map.of("type", type, "device", device, "o", o), false);
    }

    @Test
    void nfs_noHelper_unresolvableAddr_dockersError_nothingMounted() {
        SysMounter m = mounter(false, NetworkAddresses.Resolver.SYSTEM, 0);

        assertThatThrownBy(() -> m.mount(opts("nfs", ":/export", "addr=berth-no-such-host.invalid,rw"), "/t"))
                .isInstanceOf(InternalException.class)
                .hasMessage("error resolving passed in network volume address: lookup berth-no-such-host.invalid: "
                        + "no such host");
        assertThat(kernelCalls).isEmpty();
        assertThat(helperCalls).isEmpty();
    }

    @Test
    void nfs_noHelper_mount2WithTheResolvedAddress() {
        mounter(false, fakeDns, 0).mount(opts("nfs", ":/export", "addr=nas.example,nfsvers=4,ro"), "/t");

        assertThat(kernelCalls).containsExactly(":/export /t nfs 0x1 addr=192.0.2.7,nfsvers=4");
        assertThat(helperCalls).isEmpty();
    }

    @Test
    void nfs_ipv4Addr_notLookedUp() {
        mounter(false, fakeDns, 0).mount(opts("nfs", ":/export", "addr=10.1.2.3"), "/t");

        assertThat(lookups).isEmpty();
        assertThat(kernelCalls).containsExactly(":/export /t nfs 0x0 addr=10.1.2.3");
    }

    @Test
    void nfs_ipv6Name_addressInGosShortForm() {
        mounter(false, fakeDns, 0).mount(opts("nfs", ":/export", "addr=v6.example"), "/t");

        assertThat(kernelCalls).containsExactly(":/export /t nfs 0x0 addr=2001:db8::10");
    }

    @Test
    void nfs_helperInstalled_mount8_addrStillResolvedWithDockersError() {
        mounter(true, fakeDns, 0).mount(opts("nfs", "nas.example:/export", "addr=nas.example"), "/t");
        assertThat(helperCalls).containsExactly("nfs nas.example:/export /t addr=192.0.2.7");
        assertThat(kernelCalls).isEmpty();

        assertThatThrownBy(() -> mounter(true, fakeDns, 0).mount(opts("nfs", "x:/e", "addr=nowhere"), "/t"))
                .hasMessage("error resolving passed in network volume address: lookup nowhere: no such host");
    }

    @Test
    void cifs_noHelper_deviceHostResolved_whenAddrHasNoName() {
        mounter(false, fakeDns, 0).mount(opts("cifs", "//nas.example/share", "username=u"), "/t");
        mounter(false, fakeDns, 0).mount(opts("cifs", "//me@nas.example/share/sub", "addr=10.0.0.1"), "/t");

        assertThat(kernelCalls).containsExactly(
                "//192.0.2.7/share /t cifs 0x0 username=u",
                "//me@192.0.2.7/share/sub /t cifs 0x0 addr=10.0.0.1");
    }

    @Test
    void cifs_addrName_onlyAddrResolved() {
        mounter(false, fakeDns, 0).mount(opts("cifs", "//other.example/share", "addr=nas.example"), "/t");

        assertThat(lookups).containsExactly("nas.example");
        assertThat(kernelCalls).containsExactly("//other.example/share /t cifs 0x0 addr=192.0.2.7");
    }

    @Test
    void cifs_unresolvableDeviceHost_dockersError() {
        assertThatThrownBy(() -> mounter(false, fakeDns, 0).mount(opts("cifs", "//nowhere/share", "rw"), "/t"))
                .isInstanceOf(InternalException.class)
                .hasMessage("error resolving passed in network volume address: lookup nowhere: no such host");
    }

    @Test
    void cifs_helperInstalled_deviceLeftToMountCifs() {
        mounter(true, fakeDns, 0).mount(opts("cifs", "//nas.example/share", "username=u"), "/t");

        assertThat(lookups).isEmpty();
        assertThat(helperCalls).containsExactly("cifs //nas.example/share /t username=u");
    }

    @Test
    void otherTypes_addrUntouched() {
        mounter(false, fakeDns, 0).mount(opts("nfs4", ":/e", "addr=nas.example"), "/t");

        assertThat(lookups).isEmpty();
        assertThat(kernelCalls).containsExactly(":/e /t nfs4 0x0 addr=nas.example");
    }

    @Test
    void kernelRefuses_dockersText_resolvedDataWithPasswordMasked() {
        assertThatThrownBy(() -> mounter(false, fakeDns, Errno.EACCES)
                .mount(opts("cifs", "//nas.example/share", "username=u,password=s3cret,ro"), "/t"))
                .isInstanceOf(InternalException.class)
                .hasMessage("failed to mount local volume: mount //192.0.2.7/share:/t, flags: 0x1, "
                        + "data: username=u,password=********: permission denied");
    }

    @Test
    void helperFails_mount8TextWithTheDevice() {
        SysMounter m = new SysMounter(root, type -> true, fakeDns, (s, t, ty, f, d) -> {
        }, (type, device, target, options) -> {
            throw new MountHelperException("mount error(112): Host is down\n", 32);
        });

        assertThatThrownBy(() -> m.mount(opts("cifs", "//nas.example/share", "rw"), "/t"))
                .hasMessage("failed to mount local volume: mount //nas.example/share:/t: mount error(112): Host is down");
    }

    @Test
    void bind_noResolution_kernelFlags() {
        mounter(false, fakeDns, 0).mount(opts("none", "/src", "bind"), "/t");

        assertThat(kernelCalls).containsExactly("/src /t none 0x" + Long.toHexString(LinuxMount.MS_BIND) + " ");
    }
}
