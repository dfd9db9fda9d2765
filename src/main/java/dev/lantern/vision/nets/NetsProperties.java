package dev.lantern.vision.nets;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the vision networks find pretrained weights. Nothing is ever downloaded.
 *
 * @param pretrainedDir the directory holding ImageNet weights, one file per body:
 * {@code resnet50_dl4j_inference.v3.zip} (the DL4J zoo's archive, as is),
 * {@code resnet18.zip} and {@code resnet34.zip} (DL4J {@code ModelSerializer} zips of a
 * graph with Lantern's layer names, such as a converted torchvision model); body layers
 * are copied by name. Without a file the body is randomly initialized and the network
 * reports {@code pretrained=false} (default {@code ${lantern.data-dir}/pretrained})
 */
@ConfigurationProperties("lantern.vision.nets")
@Validated
public record NetsProperties(Path pretrainedDir) {

}
