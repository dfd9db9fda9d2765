/**
 * oneDNN on the CPU backend: switching DL4J's layer helpers on before any layer is built,
 * and a startup probe that checks every convolution, BatchNorm and pooling layer gets its
 * helper.
 */
package dev.lantern.system.backend.onednn;
