package dev.lantern.vision.augment;

/**
 * Perspective warps of normalized coordinates, after fastai v1's {@code symmetric_warp}:
 * the corners (-1, -1), (-1, 1), (1, -1), (1, 1) move by four magnitudes and the
 * homography that maps the moved corners back onto the original ones is applied to the
 * output grid.
 */
final class Perspective {

	private Perspective() {
	}

	/**
	 * The eight coefficients of fastai's symmetric warp with magnitudes {@code m}.
	 */
	static double[] symmetricWarp(double[] m) {
		double[][] orig = { { -1, -1 }, { -1, 1 }, { 1, -1 }, { 1, 1 } };
		double[][] targ = { { -1 - m[3], -1 - m[1] }, { -1 - m[2], 1 + m[1] }, { 1 + m[3], -1 - m[0] },
				{ 1 + m[2], 1 + m[0] } };
		return coefficients(targ, orig);
	}

	/**
	 * Solves for the homography mapping each {@code from} point onto its {@code to}
	 * point.
	 */
	static double[] coefficients(double[][] from, double[][] to) {
		double[][] a = new double[8][9];
		for (int i = 0; i < 4; i++) {
			double x = from[i][0];
			double y = from[i][1];
			double u = to[i][0];
			double v = to[i][1];
			a[2 * i] = new double[] { x, y, 1, 0, 0, 0, -u * x, -u * y, u };
			a[2 * i + 1] = new double[] { 0, 0, 0, x, y, 1, -v * x, -v * y, v };
		}
		for (int col = 0; col < 8; col++) {
			int pivot = col;
			for (int row = col + 1; row < 8; row++) {
				if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
					pivot = row;
				}
			}
			double[] swap = a[col];
			a[col] = a[pivot];
			a[pivot] = swap;
			for (int row = 0; row < 8; row++) {
				if (row != col) {
					double f = a[row][col] / a[col][col];
					for (int k = col; k < 9; k++) {
						a[row][k] -= f * a[col][k];
					}
				}
			}
		}
		double[] h = new double[8];
		for (int i = 0; i < 8; i++) {
			h[i] = a[i][8] / a[i][i];
		}
		return h;
	}

	/** Applies a homography to a point in place. */
	static void apply(double[] h, double[] p) {
		double x = p[0];
		double y = p[1];
		double d = h[6] * x + h[7] * y + 1;
		p[0] = (h[0] * x + h[1] * y + h[2]) / d;
		p[1] = (h[3] * x + h[4] * y + h[5]) / d;
	}

}
