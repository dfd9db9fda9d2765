package dev.lantern.vision.nets;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the vision networks find pretrained weights. Nothing is ever downloaded.
 *
 * @param pretrainedDir the directory holding pretrained weights as files (a mounted
 * volume), one per body: {@code <architecture>.safetensors} or {@code <architecture>.pth}
 * from PyTorch (torchvision's names; read by {@code vision-train}), or DL4J
 * {@code ModelSerializer} zips of a graph with Lantern's layer names
 * ({@code resnet18.zip}, {@code resnet34.zip}, {@code resnet50.zip}, and the zoo's
 * {@code resnet50_dl4j_inference.v3.zip} for {@code resnet50-zoo}), copied by layer name.
 * A {@code vision-train} job asking for pretrained weights where there are none is
 * refused (default {@code ${lantern.data-dir}/pretrained})
 */
@ConfigurationProperties("lantern.vision.nets")
@Validated
public record NetsProperties(Path pretrainedDir) {

}
