package dev.berth.api;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InternalException;
import dev.berth.mount.ApiVersion;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Engine API server: HTTP/1.1 over a unix socket (mode 0660), keep-alive, hijack-capable.
 * Owns its event loops and the virtual-thread executor routes run on. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {

    /** The oldest API version served (moby's floor; Testcontainers may fall back to 1.32). */
    public static final ApiVersion MIN_VERSION = new ApiVersion(1, 24);
    /** The newest API version served, and the one for requests without a version prefix. */
    public static final ApiVersion MAX_VERSION = new ApiVersion(1, 50);
    static final String CODEC = "http-codec";
    static final String KEEP_ALIVE = "keep-alive";
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /**
     * Send buffer per connection (the kernel caps it at net.core.wmem_max). A list of 10,000 volumes is ~1.8 MB;
     * when it fits, the answer leaves in one write instead of a dozen wake-ups of the I/O thread, each of which
     * waits for a CPU on a busy machine. It is a limit, not an allocation: idle connections cost nothing.
     */
    private static final int SEND_BUFFER = 4 << 20;

    private final Path socket;
    /** The socket file's identity (device and inode) when bound. */
    private final Object inode;
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private final Channel serverChannel;

    private ApiServer(Path socket, Object inode, EventLoopGroup boss, EventLoopGroup io, ExecutorService workers,
                      Channel ch) {
        this.inode = inode;
        this.socket = socket;
        this.boss = boss;
        this.io = io;
        this.workers = workers;
        this.serverChannel = ch;
    }

    /**
     * Runs Netty's static set-up on a thread of its own, so that it overlaps whatever the caller does before
     * {@link #start} (the stores' start): its platform probing, buffer allocator and native transport take ≈0.25 s
     * on this kind of VM. A class being set up by this thread is simply waited for by any other that needs it.
     */
    public static void prepareInBackground() {
        Thread.ofPlatform().name("berth-netty-init").daemon(true).start(() -> {
            try {
                HttpMethod.GET.name();
                ByteBufAllocator.DEFAULT.directBuffer(1).release();
                Epoll.ensureAvailability();
            } catch (Throwable t) {
                // start() meets the same problem and reports it.
                log.debug("netty set-up ahead of start: {}", t.toString());
            }
        });
    }

    /**
     * Refuses a socket another process still serves: binding replaces the socket file, so a second daemon (with a
     * data root of its own) would silently take the first one's clients. A socket file nobody accepts on is stale
     * (a daemon killed with -9) and is replaced. dockerd replaces a live one too; berth says so instead.
     *
     * @throws ConflictException when something accepts connections on {@code socket}
     */
    public static void refuseLiveSocket(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException notServed) {
            return; // refused (stale), or not a socket at all: the bind decides
        }
        throw new ConflictException("another daemon is listening on unix://" + socket
                + "; stop it, or give this one another --host");
    }

    /** The identity (device and inode) of the file at {@code p} itself. */
    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Binds the socket (replacing a stale one) and starts serving {@code router}. */
    public static ApiServer start(Path socket, Router router, String serverHeader) {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                EpollIoHandler.newFactory());
        ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("berth-api-", 0).factory());
        ResponseHeaders headers = new ResponseHeaders(serverHeader);
        try {
            Files.createDirectories(socket.getParent());
            refuseLiveSocket(socket);
            Files.deleteIfExists(socket);
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, io)
                    .channel(EpollServerDomainSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.SO_SNDBUF, SEND_BUFFER)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                    .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                        @Override
                        protected void initChannel(DomainSocketChannel ch) {
                            HttpDecoderConfig config = new HttpDecoderConfig()
                                    .setMaxInitialLineLength(64 * 1024)
                                    .setMaxHeaderSize(64 * 1024)
                                    .setMaxChunkSize(256 * 1024);
                            ch.pipeline()
                                    .addLast(CODEC, new HttpServerCodec(config))
                                    .addLast(KEEP_ALIVE, new HttpServerKeepAliveHandler())
                                    .addLast("dispatch", new HttpDispatcher(router, workers, headers));
                        }
                    });
            Channel ch = b.bind(new DomainSocketAddress(socket.toString())).sync().channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            Object inode = fileKey(socket);
            log.info("API listening on unix://{}", socket);
            return new ApiServer(socket, inode, boss, io, workers, ch);
        } catch (IOException | RuntimeException e) {
            boss.shutdownGracefully();
            io.shutdownGracefully();
            workers.shutdownNow();
            if (e instanceof ConflictException c) {
                throw c;
            }
            throw new InternalException("listen on " + socket + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while binding " + socket, e);
        }
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownNow();
        try {
            // Only the socket this server made: one that replaced it meanwhile belongs to someone else.
            if (java.util.Objects.equals(inode, fileKey(socket))) {
                Files.deleteIfExists(socket);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // removed already
        } catch (IOException e) {
            log.warn("remove socket {}: {}", socket, e.getMessage());
        }
    }
}
