package fr.presenca.connexion.adapter.in.gateway.estimate;

import com.knuddels.jtokkit.api.Encoding;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.CL100K;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.O200K;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The tally bounds the tokenizing work without ever counting low")
class TokenTallyTest {

    private static final Encoding[] BOTH = {O200K, CL100K};

    @Test
    void past_the_budget_text_is_bounded_by_its_utf8_length_which_is_never_below_its_tokens() {
        String english = "the invoice was sent to the client on Monday ".repeat(12_000);
        String cjk = "契約は解除されます東京都お誕生日".repeat(2_000);
        assertThat(english.length()).isGreaterThan((int) TokenTally.TOKENIZED_CHARS_BUDGET);

        TokenTally tally = new TokenTally(BOTH, Long.MAX_VALUE);
        tally.text(english);
        tally.text(cjk);

        long exact = Math.max(O200K.countTokensOrdinary(english) + O200K.countTokensOrdinary(cjk),
                CL100K.countTokensOrdinary(english) + CL100K.countTokensOrdinary(cjk));
        // the English text alone overruns the budget: it is bounded by its bytes; the CJK text after it still fits
        assertThat(tally.counted()).isGreaterThanOrEqualTo(exact).isEqualTo(english.getBytes(StandardCharsets.UTF_8).length
                + Math.max(O200K.countTokensOrdinary(cjk), CL100K.countTokensOrdinary(cjk)));
    }

    @Test
    void within_the_budget_text_is_counted_exactly() {
        TokenTally tally = new TokenTally(new Encoding[] {O200K}, Long.MAX_VALUE);
        tally.text("Bonjour à tous");
        tally.text("お誕生日おめでとう");

        assertThat(tally.counted())
                .isEqualTo(O200K.countTokensOrdinary("Bonjour à tous") + O200K.countTokensOrdinary("お誕生日おめでとう"));
    }

    @Test
    void once_the_window_is_reached_nothing_more_is_tokenized_and_the_bound_is_the_window() {
        TokenTally tally = new TokenTally(new Encoding[] {CL100K}, ModelFamily.GPT_3_5.contextWindow());
        String chunk = "lorem ipsum dolor sit amet ".repeat(1_000);
        for (int i = 0; i < 100; i++) {
            tally.text(chunk);
        }

        assertThat(tally.counted()).isLessThan(ModelFamily.GPT_3_5.contextWindow() + CL100K.countTokensOrdinary(chunk) + 1);
        assertThat(tally.bound(ModelFamily.GPT_3_5)).isEqualTo(16_385);
    }

    @Test
    void utf8_length_matches_the_jdk_for_well_formed_text() {
        for (String text : new String[] {"abc", "é", "東京", "🎉🚀", "a\u0000b", "mixé 東 🎉"}) {
            assertThat(TokenTally.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(TokenTally.utf8Length("\uD800x")).isEqualTo(4);
    }
}
