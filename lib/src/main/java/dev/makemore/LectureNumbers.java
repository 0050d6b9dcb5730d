package dev.makemore;

import java.util.List;

/**
 * The lectures' published numbers, in one place so notebooks, tables, tests and the CLI compare against
 * the same values. "Saved" values are printed in the committed notebooks; "rerun" values come from
 * re-executing the lecture code with PyTorch 2.11 (CPU), which reproduces the saved ones bit for bit where
 * both exist. Source: {@code shared/reference/lectures.md}.
 */
public final class LectureNumbers {

    private LectureNumbers() {}

    /** Train / val / test loss of one run; {@code Double.NaN} where the lecture gives none. */
    public record SplitLosses(String model, double train, double val, double test) {}

    /** Number of names in {@code names.txt}. */
    public static final int WORDS = 32_033;

    /** Examples per split for any block size. */
    public static final int TRAIN_EXAMPLES = 182_625;
    /** Dev (val) examples. */
    public static final int DEV_EXAMPLES = 22_655;
    /** Test examples. */
    public static final int TEST_EXAMPLES = 22_866;

    /** {@code -ln(1/27)}: the loss of a uniform guess, what a well-initialised net starts at. */
    public static final double UNIFORM_LOSS = Math.log(27);

    /** Part 1: average NLL of the +1-smoothed bigram counts over all words (float32 sum). */
    public static final double BIGRAM_COUNTS_NLL = 2.454356;

    /** Part 2 MLP (all plain randn), generator-driven batches: rerun of part 3's "original". */
    public static final SplitLosses MLP = new SplitLosses("mlp", 2.127626, 2.170183, 2.166962);
    /** Part 3 loss log, "fix softmax confidently wrong" (rerun). */
    public static final SplitLosses MLP_SOFTMAX_FIX = new SplitLosses("mlp-softmax-fix", 2.069589, 2.131075, 2.132830);
    /** Part 3 loss log, "fix tanh layer too saturated at init" (saved, bit-exact rerun). */
    public static final SplitLosses MLP_TANH_FIX = new SplitLosses("mlp-tanh-fix", 2.0355966091156006, 2.1026785373687744, 2.101221);
    /** Part 3 loss log, "semi-principled kaiming init" (saved, bit-exact rerun). */
    public static final SplitLosses MLP_KAIMING = new SplitLosses("mlp-kaiming", 2.0376641750335693, 2.106989622116089, 2.104990);
    /** Part 3 MLP with the manual batch norm, evaluated with the running statistics (saved). */
    public static final SplitLosses BN_MLP = new SplitLosses("bn-mlp", 2.0674145221710205, 2.1056840419769287, 2.107018);
    /** Part 3 deep BatchNorm net after the notebook's 1,001 debug steps (saved; test from the rerun). */
    public static final SplitLosses DEEP_BN_1K = new SplitLosses("deep-bn (1,001 steps)", 2.4002976417541504, 2.3982467651367188, 2.402148);
    /** Part 3 deep BatchNorm net, full 200k steps (rerun only). */
    public static final SplitLosses DEEP_BN = new SplitLosses("deep-bn", 1.999864, 2.077088, 2.081055);
    /**
     * Part 4 ("becoming a backprop ninja"), exercise 4: the MLP trained with the hand-written backward pass
     * (saved). Its bngain and bnbias come from the unseeded global generator, so no rerun reproduces it.
     */
    public static final SplitLosses BACKPROP = new SplitLosses("backprop", 2.070523500442505, 2.109893560409546, Double.NaN);
    /** Part 4, exercise 4: the run quoted in the notebook's "I achieved" comment (another unseeded draw). */
    public static final SplitLosses BACKPROP_COMMENT = new SplitLosses("backprop (comment)", 2.0718822479248047, 2.1162495613098145,
            Double.NaN);
    /** Part 5: 8-character context, flat MLP (rerun). */
    public static final SplitLosses FLAT = new SplitLosses("flat", 1.916344, 2.034248, 2.026233);
    /** Part 5: hierarchical 22K net with BatchNorm over dim 0 only (rerun). */
    public static final SplitLosses HIERARCHICAL_BN_BUG = new SplitLosses("hierarchical-bn-bug", 1.940699, 2.029452, 2.024195);
    /** Part 5: hierarchical 22K net, BatchNorm fixed (rerun). */
    public static final SplitLosses HIERARCHICAL = new SplitLosses("hierarchical", 1.911012, 2.020193, 2.018871);
    /** Part 5: the scaled-up WaveNet (saved train/val; test from the bit-exact rerun). */
    public static final SplitLosses WAVENET = new SplitLosses("wavenet", 1.7690284252166748, 1.9936515092849731, 1.985311);

    /** Every run above, in lecture order. */
    public static final List<SplitLosses> ALL = List.of(MLP, MLP_SOFTMAX_FIX, MLP_TANH_FIX, MLP_KAIMING, BN_MLP,
            DEEP_BN_1K, DEEP_BN, BACKPROP, BACKPROP_COMMENT, FLAT, HIERARCHICAL_BN_BUG, HIERARCHICAL, WAVENET);

    /** Part 3 BN MLP minibatch losses printed at steps 0, 10k, ..., 190k. */
    public static final List<Double> BN_MLP_LOSS_EVERY_10K = List.of(3.3239, 2.0322, 2.5675, 2.0125, 2.2446, 1.8897,
            2.0785, 2.3681, 2.2918, 2.0238, 2.3673, 2.3132, 1.6414, 1.9311, 2.2231, 2.0027, 2.0997, 2.4949, 2.0199, 2.1707);

    /** Part 4: parameters of the network whose 26 gradients are checked (n_hidden 64). */
    public static final int BACKPROP_CHECK_PARAMETERS = 4_137;
    /** Part 4: parameters of the network trained with the hand-written backward pass (n_hidden 200). */
    public static final int BACKPROP_PARAMETERS = 12_297;
    /** Part 4, exercise 1: the loss of the one checked batch (saved; depends on the unseeded bngain, bnbias). */
    public static final double BACKPROP_BATCH_LOSS = 3.3377387523651123;
    /** Part 4, exercise 2: max |one-line dlogits - autograd's| (saved; "approximate: True" only). */
    public static final double BACKPROP_DLOGITS_MAXDIFF = 5.122274160385132e-09;
    /** Part 4, exercise 3: max |one-formula dhprebn - autograd's| (saved; "approximate: True" only). */
    public static final double BACKPROP_DHPREBN_MAXDIFF = 9.313225746154785e-10;

    /** Part 4, exercise 4: minibatch losses printed at steps 0, 10k, ..., 190k (saved). */
    public static final List<Double> BACKPROP_LOSS_EVERY_10K = List.of(3.7805, 2.1775, 2.3957, 2.5032, 2.0065, 2.3873,
            2.3378, 2.0640, 2.3497, 2.1093, 1.9132, 2.2229, 1.9912, 2.4441, 2.3198, 2.1857, 2.0296, 1.8391, 2.0436, 1.9200);

    /** Part 5 WaveNet minibatch losses printed at steps 0, 10k, ..., 190k. */
    public static final List<Double> WAVENET_LOSS_EVERY_10K = List.of(3.3167, 2.0576, 2.0723, 2.5134, 2.1476, 1.7836,
            2.2592, 1.9331, 1.6875, 2.0395, 1.7736, 1.9570, 1.7465, 1.8126, 1.7406, 1.7466, 1.8806, 1.6266, 1.6476, 1.8555);

    /** Part 3 deep net's initial minibatch loss. */
    public static final double DEEP_BN_STEP0_LOSS = 3.2870;

    /** Part 1's five names from the +1-smoothed counts under PyTorch 2.x, seed 2147483647. */
    public static final List<String> BIGRAM_SAMPLES = List.of("cexze.", "momasurailezitynn.", "konimittain.", "llayn.", "ka.");

    /** Part 3 deep net's 20 names after 1,001 steps (seed 2147483647 + 10). */
    public static final List<String> DEEP_BN_1K_SAMPLES = List.of("carpah.", "qarlileif.", "jmrix.", "thty.", "sacansa.",
            "jazhnte.", "dpn.", "arciigqeiunellaia.", "chriiv.", "kalein.", "dhlm.", "join.", "qhinn.", "sroin.", "arian.",
            "quiqaelogiearyxix.", "kaeklinsan.", "ed.", "ecoia.", "gtleley.");

    /** Part 4's 20 names after exercise 4 (seed 2147483647 + 10; the network's bngain and bnbias were unseeded). */
    public static final List<String> BACKPROP_SAMPLES = List.of("carmahzamille.", "khi.", "mreigeet.", "khalaysie.",
            "mahnen.", "delynn.", "jareen.", "nellara.", "chaiiv.", "kaleigh.", "ham.", "joce.", "quinn.", "shoison.",
            "jadiquintero.", "dearyxi.", "jace.", "pinsley.", "dae.", "iia.");

    /** Part 5 WaveNet's 20 names after 200k steps (continuing the global stream). */
    public static final List<String> WAVENET_SAMPLES = List.of("arlij.", "chetta.", "heago.", "rocklei.", "hendrix.",
            "jamylie.", "broxin.", "denish.", "anslibt.", "marianah.", "astavia.", "annayve.", "aniah.", "jayce.", "nodiel.",
            "remita.", "niyelle.", "jaylene.", "aiyan.", "aubreana.");
}
