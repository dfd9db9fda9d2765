package dev.lantern.tabular;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Defaults of tabular training jobs (each overridable per job) and limits of tabular
 * prediction.
 *
 * @param layers hidden layer sizes; fastai's Lesson 6 value: [1000, 500]
 * @param ps dropout probability after each hidden layer; Lesson 6: [0.001, 0.01]
 * @param embeddingDropout dropout probability on the merged embeddings; Lesson 6: 0.04
 * @param yRangeHeadroom the top of the y range as a multiple of the largest log target;
 * Lesson 6: 1.2
 * @param epochs training epochs of every job that names none; unset (the default), Lesson
 * 6's 5, or more for small tables: enough for 2000 optimiser steps, at most 20
 * ({@link DataSizedDefaults})
 * @param learningRate the peak of the one-cycle learning rate of every job that names
 * none; unset (the default), it follows the batch size: Lesson 6's 1e-3 at 512, higher
 * for smaller batches ({@link DataSizedDefaults})
 * @param weightDecay decoupled weight decay: 0.4 by default, twice Lesson 6's 0.2, which
 * measured better on small tables and the same at Kaggle's size
 * @param batchSize rows per optimiser step of every job that names none; unset (the
 * default), it is chosen from the training rows: fastai's 64 for small tables, up to 512
 * for large ones, which keeps a CPU busy with fewer, larger steps
 * ({@link DataSizedDefaults})
 * @param validDays validation on the most recent days: how many; Lesson 6 uses the length
 * of Kaggle's test period, 48 days
 * @param validFraction validation on random rows: which fraction (default 0.2)
 * @param seed random seed of weights, shuffling and random splits (default 42)
 * @param maxRecordsPerRequest the most records one predict request may carry; more gets a
 * 413 (default 100000)
 * @param chunkRows rows per inference work item; the rows of one group (a Rossmann store)
 * stay together (default 4096)
 * @param defaultPreset the {@link TabularPreset} of a {@code tabular-train} spec that
 * names none (default {@code rossmann}, Lesson 6's tables)
 */
@ConfigurationProperties("lantern.tabular")
@Validated
public record TabularProperties(@NotEmpty List<@NotNull @Min(1) Integer> layers,
		@NotEmpty List<@NotNull @DecimalMin("0") @DecimalMax("0.99") Double> ps,
		@DecimalMin("0") @DecimalMax("0.99") double embeddingDropout, @DecimalMin("1") double yRangeHeadroom,
		@Min(1) Integer epochs, @DecimalMin("0") Double learningRate, @DecimalMin("0") double weightDecay,
		@Min(1) Integer batchSize, @Min(1) int validDays, @DecimalMin("0.01") @DecimalMax("0.9") double validFraction,
		long seed, @Min(1) int maxRecordsPerRequest, @Min(16) int chunkRows, @NotBlank String defaultPreset) {

}
