package dev.lantern.training;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Adam whose beta1 follows a schedule, as fastai's one-cycle cycles the momentum
 * ({@link OneCycleMomentum}); DL4J's {@link Adam} keeps beta1 fixed. The schedule is a
 * field of the configuration, so it is saved and restored with the model (DL4J writes
 * updaters as JSON with their class name). Without a schedule it is plain Adam.
 */
public class CycledAdam extends Adam {

	private static final long serialVersionUID = 1L;

	private ISchedule beta1Schedule;

	/** For JSON. */
	public CycledAdam() {
	}

	/**
	 * @param learningRate the learning-rate schedule
	 * @param beta1 the beta1 schedule
	 * @param beta2 beta2
	 * @param epsilon epsilon
	 */
	public CycledAdam(ISchedule learningRate, ISchedule beta1, double beta2, double epsilon) {
		super(learningRate);
		setBeta1(beta1.valueAt(0, 0));
		setBeta2(beta2);
		setEpsilon(epsilon);
		this.beta1Schedule = beta1;
	}

	/** beta1 at a step. */
	double beta1At(int iteration, int epoch) {
		return (this.beta1Schedule != null) ? this.beta1Schedule.valueAt(iteration, epoch) : getBeta1();
	}

	public ISchedule getBeta1Schedule() {
		return this.beta1Schedule;
	}

	public void setBeta1Schedule(ISchedule beta1Schedule) {
		this.beta1Schedule = beta1Schedule;
	}

	@Override
	public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
		Updater updater = new Updater(this);
		long[] shape = Arrays.copyOf(viewArray.reshape(viewArray.length()).shape(), 1);
		shape[0] /= 2;
		updater.setStateViewArray(viewArray, shape, viewArray.ordering(), initializeViewArray);
		return updater;
	}

	@Override
	public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
		Updater updater = new Updater(this);
		updater.setState(updaterState, initializeStateArrays);
		return updater;
	}

	@Override
	public CycledAdam clone() {
		CycledAdam copy = new CycledAdam();
		copy.setLrAndSchedule(getLearningRate(),
				(getLearningRateSchedule() != null) ? getLearningRateSchedule().clone() : null);
		copy.setBeta1(getBeta1());
		copy.setBeta2(getBeta2());
		copy.setEpsilon(getEpsilon());
		copy.beta1Schedule = (this.beta1Schedule != null) ? this.beta1Schedule.clone() : null;
		return copy;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof CycledAdam that && super.equals(that)
				&& Objects.equals(this.beta1Schedule, that.beta1Schedule);
	}

	@Override
	protected boolean canEqual(Object other) {
		return other instanceof CycledAdam;
	}

	@Override
	public int hashCode() {
		return 31 * super.hashCode() + Objects.hashCode(this.beta1Schedule);
	}

	@Override
	public String toString() {
		return "CycledAdam(" + super.toString() + ", beta1Schedule=" + this.beta1Schedule + ")";
	}

	/** DL4J's Adam step with the scheduled beta1. */
	static final class Updater extends AdamUpdater {

		Updater(CycledAdam config) {
			super(config);
		}

		@Override
		public void applyUpdater(INDArray gradient, int iteration, int epoch) {
			INDArray m = getM();
			INDArray v = getV();
			if (m == null || v == null) {
				throw new IllegalStateException("Updater has not been initialized with view state");
			}
			CycledAdam config = (CycledAdam) getConfig();
			Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(gradient.reshape(v.shape()), v, m,
					config.getLearningRate(iteration, epoch), config.beta1At(iteration, epoch), config.getBeta2(),
					config.getEpsilon(), iteration));
		}

	}

}
