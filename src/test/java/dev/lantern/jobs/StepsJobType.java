package dev.lantern.jobs;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.FitPlan;
import dev.lantern.training.TrainingCallback;

/**
 * A job type for tests that works in steps like a training loop, through the same
 * callback the trainers use. It records every start in {@link TestJobs}, can hold each
 * step at a named gate until the test opens it, and can fail on request.
 */
class StepsJobType implements JobType<StepsJobType.Spec> {

	static final String NAME = "test-steps";

	/** A label the type refuses at submission. */
	static final String INADMISSIBLE = "inadmissible";

	/**
	 * Labels with this prefix are admitted until the gate of the label's name is open, as
	 * if the service's limits were lowered.
	 */
	static final String LIMITED = "limited:";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Class<Spec> specClass() {
		return Spec.class;
	}

	@Override
	public void admit(Spec spec) {
		if (INADMISSIBLE.equals(spec.label())) {
			throw InvalidInputException.field("spec.label", "spec.label names something this service does not have");
		}
		if (spec.label() != null && spec.label().startsWith(LIMITED) && TestJobs.isOpen(spec.label())) {
			throw InvalidInputException.field("spec.label", "spec.label no longer fits the limits of this service");
		}
	}

	@Override
	public JobOutcome run(Spec spec, JobContext context) throws Exception {
		TestJobs.started(context.jobId(), spec.label());
		TrainingCallback callback = context.callback();
		callback.beforeFit(new FitPlan(spec.epochs(), spec.stepsPerEpoch()));
		long step = 0;
		for (int epoch = 0; epoch < spec.epochs(); epoch++) {
			callback.beforeEpoch(epoch);
			for (int i = 0; i < spec.stepsPerEpoch(); i++) {
				callback.beforeBatch(epoch, step);
				awaitGate(spec, context);
				if (spec.stepMillis() > 0) {
					TimeUnit.MILLISECONDS.sleep(spec.stepMillis());
				}
				callback.afterBatch(epoch, step, 1.0 / (step + 1));
				step++;
			}
			callback.afterEpoch(new EpochMetrics(epoch, 1.0 / (epoch + 1), 2.0 / (epoch + 1),
					Map.of("accuracy", 0.5 + epoch * 0.1)));
		}
		callback.afterFit();
		if (spec.fail()) {
			throw new InvalidInputException("The spec asked this job to fail");
		}
		if (spec.crash()) {
			throw new IllegalStateException("Op [conv2d] failed: outdated workspace pointer at 0x7f3a");
		}
		return new JobOutcome("test-model", 1, Map.of("steps", step));
	}

	/**
	 * Waits while the spec's gate is closed; a cooperative job checks for cancellation
	 * meanwhile, an uncooperative one (as a hung native call would) does not.
	 */
	private static void awaitGate(Spec spec, JobContext context) throws InterruptedException {
		if (spec.gate() == null) {
			return;
		}
		while (!TestJobs.isOpen(spec.gate())) {
			if (!spec.uncooperative()) {
				context.checkCancelled();
			}
			TimeUnit.MILLISECONDS.sleep(5);
		}
	}

	/**
	 * @param epochs epochs to run
	 * @param stepsPerEpoch steps per epoch
	 * @param stepMillis how long each step sleeps
	 * @param gate a gate every step waits at, or null
	 * @param uncooperative whether to ignore cancellation while waiting at the gate
	 * @param fail whether to fail after the last step
	 * @param label a label recorded with the start, for ordering tests
	 */
	record Spec(@Min(1) @Max(1000) int epochs, @Min(1) @Max(100000) int stepsPerEpoch,
			@Min(0) @Max(10000) long stepMillis, String gate, boolean uncooperative, boolean fail, String label,
			boolean crash) {

	}

}
