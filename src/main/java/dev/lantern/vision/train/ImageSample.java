package dev.lantern.vision.train;

import java.nio.file.Path;

/**
 * One image of a training or validation set.
 *
 * @param file the image file
 * @param label the class index
 * @param source the name shown to people (the file's name in the upload)
 */
record ImageSample(Path file, int label, String source) {

}
