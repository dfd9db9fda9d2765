package dev.lantern.system.backend.onednn;

/**
 * Whether one layer runs through a oneDNN helper.
 *
 * @param layer the layer's name
 * @param type the layer's DL4J implementation ({@code ConvolutionLayer},
 * {@code BatchNormalization}, {@code SubsamplingLayer}, ...)
 * @param active whether the layer has a helper that has not failed
 * @param helper the helper's class name, or {@code null}
 * @param reason why it is inactive, or {@code null} when active
 */
public record LayerHelperState(String layer, String type, boolean active, String helper, String reason) {

}
