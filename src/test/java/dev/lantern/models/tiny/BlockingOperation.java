package dev.lantern.models.tiny;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.lantern.models.Operation;

/**
 * Holds its worker until released, to fill queues and pass time limits in tests; echoes
 * its inputs. Not batchable.
 */
public class BlockingOperation implements Operation<TinyModel, Integer, Integer> {

	private final Semaphore started = new Semaphore(0);

	private final CountDownLatch release = new CountDownLatch(1);

	@Override
	public String modelKind() {
		return TinyFormat.KIND;
	}

	@Override
	public String name() {
		return "block";
	}

	@Override
	public boolean batchable() {
		return false;
	}

	@Override
	public List<Integer> apply(TinyModel model, List<Integer> inputs) throws InterruptedException {
		this.started.release();
		this.release.await(30, TimeUnit.SECONDS);
		return inputs;
	}

	/** Waits until a worker is inside {@link #apply}. */
	public boolean awaitStarted() throws InterruptedException {
		return this.started.tryAcquire(10, TimeUnit.SECONDS);
	}

	public void release() {
		this.release.countDown();
	}

}
