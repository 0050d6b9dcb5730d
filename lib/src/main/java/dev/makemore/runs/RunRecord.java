package dev.makemore.runs;

import java.util.List;
import java.util.Map;

/**
 * One finished (or stopped) training run as the run history keeps it: one small JSON file per run.
 *
 * @param id unique name, also the file name: {@code 20261205-201502-123-wavenet}
 * @param source the notebook (e.g. {@code 05-wavenet}) or {@code cli} that trained it
 * @param group runs drawn together and compared: the lecture run it started from, e.g. {@code wavenet}
 * @param started when training started, ISO-8601
 * @param settings every knob, as text
 * @param changes the knobs that differ from the lecture's settings, e.g. {@code nHidden 200 → 100}
 * @param numerics {@code exact} or {@code fast}
 * @param steps steps trained
 * @param parameters the model's trainable numbers
 * @param curveSteps x of each point of the loss curve: steps done at the end of its window
 * @param curveLog10 y: the mean log10 loss of the window
 * @param train the final loss on the training split (NaN if not evaluated)
 * @param val the final loss on the validation split (NaN if not evaluated)
 * @param seconds wall time of training
 * @param stopped whether the run was interrupted before its last step
 */
public record RunRecord(String id, String source, String group, String started, Map<String, String> settings,
        List<String> changes, String numerics, int steps, long parameters, double[] curveSteps, double[] curveLog10,
        double train, double val, double seconds, boolean stopped) {

    /** What tells this run apart in a legend: its changes, or "lecture settings". */
    public String label() {
        return changes == null || changes.isEmpty() ? "lecture settings" : String.join(", ", changes);
    }
}
