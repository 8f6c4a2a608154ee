package dev.berth.api;

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
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private final Channel serverChannel;

    private ApiServer(Path socket, EventLoopGroup boss, EventLoopGroup io, ExecutorService workers, Channel ch) {
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

    /** Binds the socket (replacing a stale one) and starts serving {@code router}. */
    public static ApiServer start(Path socket, Router router, String serverHeader) {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                EpollIoHandler.newFactory());
        ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("berth-api-", 0).factory());
        ResponseHeaders headers = new ResponseHeaders(serverHeader);
        try {
            Files.createDirectories(socket.getParent());
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
            log.info("API listening on unix://{}", socket);
            return new ApiServer(socket, boss, io, workers, ch);
        } catch (IOException | RuntimeException e) {
            boss.shutdownGracefully();
            io.shutdownGracefully();
            workers.shutdownNow();
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
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("remove socket {}: {}", socket, e.getMessage());
        }
    }
}
