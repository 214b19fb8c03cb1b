package fr.presenca.connexion.adapter.in.gateway.estimate;

/** The fixed token amounts added to what the tokenizer counts. */
final class InputBounds {

    private InputBounds() {
    }

    /**
     * Per message, per name and for the reply priming: OpenAI cookbook "How to count tokens with tiktoken"
     * ({@code <|start|>{role/name}\n{content}<|end|>\n}, then {@code <|start|>assistant<|message|>}); its example
     * messages match the API's own count on gpt-3.5-turbo, gpt-4, gpt-4o and gpt-4o-mini, and a published re-run
     * on gpt-5 counted 1 token more than the API (110 vs 109, pydantic-ai#3447): the formula errs high, so no
     * extra margin is added.
     */
    static final int PER_MESSAGE = 3;
    static final int PER_NAME = 1;
    static final int REPLY_PRIMING = 3;

    /**
     * Function definitions: the cookbook counts each as at most 10 tokens of framing plus its "name:description"
     * and "property:type:description" lines, and 12 tokens closing the block. Counting the definition's whole
     * compact JSON instead of those lines over-counts (keys, braces and quotes included), which is the safe side.
     * The same block overhead is added to a structured-output schema (not documented; JSON text over-counts it too).
     */
    static final int PER_TOOL = 10;
    static final int TOOLS_BLOCK = 12;

    /**
     * The most tokens one input image can cost on any OpenAI model, whatever its size or {@code detail}:
     * 48,169, gpt-4o-mini's high detail on the largest tiling. Derivation, from OpenAI's "Images and vision"
     * guide, "Calculating costs":
     * <ul>
     *   <li>Tile models (gpt-4o, gpt-4.1, gpt-4.5, gpt-5, gpt-5.1, o1, o3, gpt-4o-mini): the image is fitted in
     *       2048 x 2048, then scaled down so its shorter side is at most 768 px; it costs base + tiles x per-tile,
     *       tiles of 512 px. The most tiles is ceil(768/512) x ceil(2048/512) = 2 x 4 = 8. The dearest model is
     *       gpt-4o-mini (base 2,833, 5,667 per tile, priced so that an image costs what it does on gpt-4o):
     *       2,833 + 8 x 5,667 = 48,169. Others: gpt-4o/4.1/4.5 85 + 8 x 170 = 1,445; o1/o3 75 + 8 x 150 = 1,275;
     *       gpt-5/5.1 70 + 8 x 140 = 1,190.</li>
     *   <li>Patch models (gpt-4.1-mini/-nano, gpt-5-mini/-nano, o4-mini, gpt-5.2 and later): 32 px patches,
     *       at most 1,536 patches times a multiplier of at most 2.46 (the nano models): 1,536 x 2.46 = 3,779;
     *       gpt-5.4 and gpt-5.5 allow 2,500 patches ({@code high}) or 10,000 ({@code original}) at a multiplier
     *       of 1.0 (a 1.2 is also reported, not confirmed): at most 12,000.</li>
     * </ul>
     * The guide's examples only ever scale images down, never up; if an image were upscaled, the total would
     * still be capped by the model's context window.
     */
    static final int PER_IMAGE = 48_169;
}
