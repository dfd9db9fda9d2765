/**
 * Lantern: a model server that trains and serves fast.ai Lesson 6's models. Packages
 * follow the features: {@code tabular}, {@code vision} (with its heatmaps) and
 * {@code datasets} are features; {@code jobs}, {@code models} and {@code training} are
 * the shared machinery they plug into; {@code system} is the foundation (configuration,
 * errors, backend, security, the web layer). The import rules are checked by
 * {@code ArchitectureTests}.
 */
package dev.lantern;
