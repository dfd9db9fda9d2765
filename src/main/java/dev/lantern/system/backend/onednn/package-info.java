/**
 * oneDNN on the CPU backend: switching DL4J's layer helpers on before any layer is built,
 * and a startup probe that checks every convolution, BatchNorm and pooling layer gets its
 * helper; and Lantern's own convolution helper over JavaCPP's oneDNN presets, with
 * primitives cached per shape, for the networks vision trains.
 */
package dev.lantern.system.backend.onednn;
