package io.github.backscatterguard.ndr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds many fixed phrases in one pass over a text (Aho-Corasick compiled to a DFA over the
 * alphabet of the phrases). Cost is one table look-up per char whatever the number of phrases: no
 * backtracking, no regular expression. Phrases and text must be normalised alike (see
 * {@link SearchText}). Immutable, so one instance serves all threads.
 */
final class PhraseMatcher {
    private final char[] classOf = new char[Character.MAX_VALUE + 1];
    private final int alphabetSize;
    private final int[] delta;
    private final int[][] outputs;

    /** @param phrases the phrases; a match reports the phrase's index in this list */
    PhraseMatcher(List<String> phrases) {
        int classes = 1; // class 0: any char that occurs in no phrase
        for (String phrase : phrases) {
            for (int i = 0; i < phrase.length(); i++) {
                char c = phrase.charAt(i);
                if (classOf[c] == 0) {
                    classOf[c] = (char) classes++;
                }
            }
        }
        alphabetSize = classes;
        int maxNodes = 1;
        for (String phrase : phrases) {
            maxNodes += phrase.length();
        }
        int[] trie = new int[maxNodes * alphabetSize];
        Arrays.fill(trie, -1);
        List<List<Integer>> found = new ArrayList<>();
        found.add(new ArrayList<>());
        int nodes = 1;
        for (int p = 0; p < phrases.size(); p++) {
            String phrase = phrases.get(p);
            int state = 0;
            for (int i = 0; i < phrase.length(); i++) {
                int slot = state * alphabetSize + classOf[phrase.charAt(i)];
                if (trie[slot] < 0) {
                    trie[slot] = nodes++;
                    found.add(new ArrayList<>());
                }
                state = trie[slot];
            }
            found.get(state).add(p);
        }
        int[] fail = new int[nodes];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int a = 0; a < alphabetSize; a++) {
            int next = trie[a];
            if (next < 0) {
                trie[a] = 0;
            } else {
                fail[next] = 0;
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            found.get(state).addAll(found.get(fail[state]));
            for (int a = 0; a < alphabetSize; a++) {
                int slot = state * alphabetSize + a;
                int next = trie[slot];
                if (next < 0) {
                    trie[slot] = trie[fail[state] * alphabetSize + a];
                } else {
                    fail[next] = trie[fail[state] * alphabetSize + a];
                    queue.add(next);
                }
            }
        }
        delta = Arrays.copyOf(trie, nodes * alphabetSize);
        outputs = new int[nodes][];
        for (int s = 0; s < nodes; s++) {
            List<Integer> out = found.get(s);
            outputs[s] = out.isEmpty() ? null : out.stream().mapToInt(Integer::intValue).distinct().toArray();
        }
    }

    /** Marks {@code seen[i] = true} for every phrase i that occurs in {@code text[from..to)}. */
    void findAll(CharSequence text, int from, int to, boolean[] seen) {
        Run run = new Run(seen);
        for (int i = from; i < to; i++) {
            run.feed(text.charAt(i));
        }
    }

    /** A scan in progress: chars are fed one by one, so text can be matched while it is normalised. */
    final class Run {
        private final boolean[] seen;
        private int state;

        Run(boolean[] seen) {
            this.seen = seen;
        }

        void feed(char c) {
            state = delta[state * alphabetSize + classOf[c]];
            int[] out = outputs[state];
            if (out != null) {
                for (int p : out) {
                    seen[p] = true;
                }
            }
        }
    }
}
