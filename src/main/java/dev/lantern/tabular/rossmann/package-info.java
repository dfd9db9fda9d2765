/**
 * The Rossmann preset of Lesson 6: Kaggle's and the lesson's tables, their joins and the
 * lesson's features, the synthetic data generator and its sample endpoint. A leaf: it
 * imports the public seam of {@code tabular} ({@code TabularPreset}, {@code Frame},
 * {@code TableReader}, ...), {@code datasets} and {@code system.errors}, and nothing
 * imports it; Spring finds its preset and controller by scanning.
 */
package dev.lantern.tabular.rossmann;
