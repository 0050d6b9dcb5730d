package dev.makemore.train;

import dev.makemore.nn.Layer;

/**
 * What a {@link StepListener} sees after each training step: parameters are updated, gradients are still
 * those of this step, and the layers' {@code out()} arrays are this step's (valid only during the call).
 *
 * @param step the step just done, 0-based
 * @param maxSteps the step the run stops before
 * @param loss the minibatch loss before the update
 * @param learningRate the learning rate used
 * @param model the model being trained
 */
public record StepEvent(int step, int maxSteps, float loss, float learningRate, Layer model) {}
