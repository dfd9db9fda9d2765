package dev.lantern.tabular;

import java.util.List;

/**
 * One record's forecast.
 *
 * @param prediction the predicted target
 * @param unseen the categorical columns whose value the training rows never had (it was
 * predicted with the {@code #na#} embedding), empty when none
 */
public record TabularPrediction(double prediction, List<String> unseen) {

}
