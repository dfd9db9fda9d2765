package dev.lantern.vision.augment;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/**
 * Data augmentation of training images, after fastai's {@code get_transforms()}. Every
 * default is fastai's.
 *
 * @param doFlip flip left-right with probability 0.5 (fastai {@code do_flip=True})
 * @param flipVert also flip vertically and rotate by multiples of 90 degrees (fastai
 * {@code flip_vert=False})
 * @param maxRotate the largest rotation in degrees, either way (fastai
 * {@code max_rotate=10})
 * @param maxZoom the largest zoom factor, at least 1 (fastai {@code max_zoom=1.1})
 * @param maxLighting the largest change of brightness and contrast (fastai
 * {@code max_lighting=0.2})
 * @param maxWarp the largest symmetric perspective warp (fastai {@code max_warp=0.2})
 * @param pAffine the probability of each of rotation, zoom and warp (fastai
 * {@code p_affine=0.75})
 * @param pLighting the probability of each of brightness and contrast (fastai
 * {@code p_lighting=0.75})
 * @param padding what shows outside the image (fastai {@code padding_mode='reflection'})
 */
public record TransformSettings(Boolean doFlip, Boolean flipVert, @DecimalMin("0") @DecimalMax("180") Double maxRotate,
		@DecimalMin("1") @DecimalMax("4") Double maxZoom, @DecimalMin("0") @DecimalMax("0.99") Double maxLighting,
		@DecimalMin("0") @DecimalMax("0.9") Double maxWarp, @DecimalMin("0") @DecimalMax("1") Double pAffine,
		@DecimalMin("0") @DecimalMax("1") Double pLighting, PaddingMode padding) {

	/** fastai's {@code get_transforms()} defaults. */
	public static final TransformSettings FASTAI = new TransformSettings(true, false, 10.0, 1.1, 0.2, 0.2, 0.75, 0.75,
			PaddingMode.REFLECTION);

	/** No augmentation at all. */
	public static final TransformSettings NONE = new TransformSettings(false, false, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0,
			PaddingMode.REFLECTION);

	/** These settings with fastai's default in place of every missing value. */
	public TransformSettings withDefaults() {
		return new TransformSettings(or(this.doFlip, FASTAI.doFlip), or(this.flipVert, FASTAI.flipVert),
				or(this.maxRotate, FASTAI.maxRotate), or(this.maxZoom, FASTAI.maxZoom),
				or(this.maxLighting, FASTAI.maxLighting), or(this.maxWarp, FASTAI.maxWarp),
				or(this.pAffine, FASTAI.pAffine), or(this.pLighting, FASTAI.pLighting),
				or(this.padding, FASTAI.padding));
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
