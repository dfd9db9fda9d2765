package dev.lantern.system.backend;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NativeHeapTrimTests {

	private static volatile CountDownLatch entered;

	private static volatile CountDownLatch release;

	@Test
	void doesNothingWhereTheCallIsNotAvailable() {
		NativeHeapTrim trim = new NativeHeapTrim(null);
		assertThat(trim.available()).isFalse();
		assertThat(trim.trim("test")).isEmpty();
	}

	@Test
	void trimsTheHeapOnGlibc() {
		NativeHeapTrim trim = new NativeHeapTrim();
		assertThat(trim.available()).isEqualTo(NativeMemory.read().glibc() != null);
		assertThat(trim.trim("test").isPresent()).isEqualTo(trim.available());
	}

	@Test
	void aCallWhileAnotherRunsReturnsAtOnce() throws Exception {
		entered = new CountDownLatch(1);
		release = new CountDownLatch(1);
		NativeHeapTrim trim = new NativeHeapTrim(NativeHeapTrimTests.class.getDeclaredMethod("blockingTrim"));
		CompletableFuture<OptionalLong> first = CompletableFuture.supplyAsync(() -> trim.trim("first"));
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(trim.trim("second")).isEmpty();
		release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isPresent();
		assertThat(trim.trim("third")).isPresent();
	}

	static boolean blockingTrim() throws InterruptedException {
		entered.countDown();
		release.await(10, TimeUnit.SECONDS);
		return true;
	}

}
