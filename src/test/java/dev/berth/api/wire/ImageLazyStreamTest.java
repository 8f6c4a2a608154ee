package dev.berth.api.wire;

import dev.berth.image.Progress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The response opens with the first byte, so failures before it can still be HTTP errors. */
class ImageLazyStreamTest {

    /** Records whether the response was opened, what was written and whether it was ended. */
    private static final class Response {
        int opened;
        boolean closed;
        int flushes;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        OutputStream open() {
            opened++;
            return new OutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void flush() {
                    flushes++;
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void started_beforeFirstWrite_isFalseAndNothingOpened() {
        Response r = new Response();
        ImageLazyStream s = new ImageLazyStream(r::open);
        assertThat(s.started()).isFalse();
        assertThat(r.opened).isZero();
    }

    @Test
    void progress_firstMessage_opensOnceWritesLineAndFlushes() {
        Response r = new Response();
        ImageLazyStream s = new ImageLazyStream(r::open);
        s.progress(new Progress.Line("Loaded image: bb:1\n"));
        s.progress(new Progress.Status(null, "done"));
        assertThat(s.started()).isTrue();
        assertThat(r.opened).isEqualTo(1);
        assertThat(r.flushes).isEqualTo(2);
        assertThat(r.text()).isEqualTo("{\"stream\":\"Loaded image: bb:1\\n\"}\r\n{\"status\":\"done\"}\r\n");
    }

    @Test
    void close_nothingWritten_opensEmptyBodyAndEndsIt() throws IOException {
        Response r = new Response();
        ImageLazyStream s = new ImageLazyStream(r::open);
        s.close();
        s.close();
        assertThat(r.opened).isEqualTo(1);
        assertThat(r.closed).isTrue();
        assertThat(r.text()).isEmpty();
    }

    @Test
    void error_afterStart_writesErrorMessageAndEnds() throws IOException {
        Response r = new Response();
        ImageLazyStream s = new ImageLazyStream(r::open);
        s.progress(new Progress.Line("x\n"));
        s.error("boom");
        assertThat(r.closed).isTrue();
        assertThat(r.text()).endsWith("{\"errorDetail\":{\"message\":\"boom\"},\"error\":\"boom\"}\r\n");
        assertThatThrownBy(() -> s.write(1)).isInstanceOf(IOException.class).hasMessage("stream closed");
    }
}
