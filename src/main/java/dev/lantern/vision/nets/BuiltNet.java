package dev.lantern.vision.nets;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A freshly built network and the name of its body's last activation (the input of the
 * head's pooling).
 *
 * @param graph the network
 * @param bodyOutput the body's last activation
 */
record BuiltNet(ComputationGraph graph, String bodyOutput) {

}
