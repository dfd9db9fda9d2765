package dev.lantern.training;

import java.util.Map;

/**
 * The figures of one finished epoch.
 *
 * @param epoch the epoch, counted from 0
 * @param trainLoss mean training loss over the epoch
 * @param validLoss validation loss, or null without a validation set
 * @param metrics the job's metrics by name (for example {@code rmspe} or
 * {@code error_rate})
 */
public record EpochMetrics(int epoch, double trainLoss, Double validLoss, Map<String, Double> metrics) {

}
