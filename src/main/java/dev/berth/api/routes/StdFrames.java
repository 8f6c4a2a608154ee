package dev.berth.api.routes;

import dev.berth.runtime.StdStream;

/** Docker's multiplexed stream framing: {@code [stream, 0, 0, 0, len(4, big-endian)] payload}. */
final class StdFrames {

    private StdFrames() {
    }

    static byte[] frame(StdStream stream, byte[] buf, int off, int len) {
        byte[] out = new byte[8 + len];
        out[0] = (byte) (stream == StdStream.STDERR ? 2 : 1);
        out[4] = (byte) (len >>> 24);
        out[5] = (byte) (len >>> 16);
        out[6] = (byte) (len >>> 8);
        out[7] = (byte) len;
        System.arraycopy(buf, off, out, 8, len);
        return out;
    }
}
