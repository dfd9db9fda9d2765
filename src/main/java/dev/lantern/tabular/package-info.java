/**
 * The generic tabular learner, after fastai's {@code tabular/core.py}: CSV tables read
 * into frames, date parts, the procs (FillMissing, Categorify, Normalize), the
 * entity-embedding network, the {@code tabular-train} and {@code tabular-predict} jobs,
 * the {@code tabular} model format and the predict and summary endpoints. A dataset's own
 * recipe plugs in as a {@link dev.lantern.tabular.TabularPreset} bean found by name
 * ({@code none}, the plain CSV, lives here; Rossmann's lives in {@code tabular.rossmann},
 * which nothing here imports). It may import {@code datasets}, {@code models},
 * {@code jobs}, {@code training} and {@code system.errors}; only its controllers use web
 * types.
 */
package dev.lantern.tabular;
